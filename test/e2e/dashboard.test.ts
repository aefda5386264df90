// The analyst dashboard in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core) against the running system: the figures it renders are the graph's answers,
// suppressed cells show as suppressed, and a screenshot is saved at .data/dashboard.png; in private
// mode (`#epsilon=`) it shows the ε spent and the budget left, and suppresses nothing.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { backends } from '../support/backends.ts';
import { ALL_STATISTICS_QUERY, type Area } from '../support/statistics.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = new URL('../../.data/dashboard.png', import.meta.url).pathname;

// PostgreSQL when the suite has it (as CI does), PGlite otherwise.
const backend = backends().at(-1);

describe(`the dashboard on ${backend?.name}`, () => {
  let system: TestSystem;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    // The first statistics read fills the published tables: room for a loaded machine.
    system = await startTestSystem(backend as NonNullable<typeof backend>, {
      subgraphTimeoutMs: 60_000,
    });
    token = await system.token({ sub: 'gso-analyst', cg_kind: 'analyst' });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('renders the graph’s figures, suppressed cells as suppressed, and five charts', async () => {
    const answer = await system.query<{ provinces: Area[]; nation: Area }>(
      ALL_STATISTICS_QUERY,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(answer.errors).toBeUndefined();
    const areas = new Map(
      [...(answer.data?.provinces ?? []), answer.data?.nation as Area].map((a) => [a.code, a]),
    );
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    await page.goto(`${new URL(system.url).origin}/dashboard#token=${token}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const rendered = await page.$$eval('td[data-category]', (tds) =>
      tds.map((td) => ({
        province: td.getAttribute('data-province') as string,
        field: td.getAttribute('data-field') as string,
        category: td.getAttribute('data-category') as string,
        count: td.getAttribute('data-count'),
        text: td.textContent,
        suppressed: td.classList.contains('suppressed'),
      })),
    );
    expect(rendered.length).toBe(35 * 8);
    let suppressed = 0;
    for (const cell of rendered) {
      const distribution = areas.get(cell.province)?.[cell.field];
      const expected =
        cell.category === 'TOTAL'
          ? distribution?.total
          : distribution?.cells.find((c) => c.category === cell.category);
      expect(expected, `${cell.field} ${cell.category} of ${cell.province}`).toBeDefined();
      expect(cell.suppressed).toBe(expected?.suppressed);
      if (expected?.suppressed) {
        expect(cell.text).toBe('suppressed');
        expect(cell.count).toBeNull();
        suppressed++;
      } else expect(Number(cell.count)).toBe(expected?.count);
    }
    expect(suppressed).toBeGreaterThan(0);
    expect(await page.locator('.chart canvas').count()).toBe(5);
    expect(await page.textContent('#error')).toBe('');
    mkdirSync(new URL('.', `file://${SCREENSHOT}`).pathname, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows the ε in private mode, noisy counts never suppressed, the nation summing provinces', async () => {
    const id = `dp-dashboard-${randomUUID()}`;
    const db = system.database.drizzle();
    await db.execute(sql`insert into access.privacy_budgets (caller_kind, caller_id, budget)
      values ('analyst', ${id}, 10)`);
    const analyst = await system.token({ sub: id, cg_kind: 'analyst' });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    await page.goto(`${new URL(system.url).origin}/dashboard#token=${analyst}&epsilon=0.5`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const privacy = page.locator('#privacy');
    // Six statistics at ε = 0.5 each, from a budget of 10.
    expect(await privacy.getAttribute('data-epsilon')).toBe('0.5');
    expect(await privacy.getAttribute('data-remaining-budget')).toBe('7');
    expect(await privacy.textContent()).toContain('ε = 0.5 per statistic');
    const debits = rowsOf<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from access.privacy_debits where caller_id = ${id}`,
      ),
    );
    expect(debits[0]?.n).toBe(6);
    const vehicles = await page.$$eval(
      'td[data-field="vehiclesByType"][data-category="TOTAL"]',
      (tds) =>
        tds.map((td) => ({
          province: td.getAttribute('data-province'),
          count: td.getAttribute('data-count'),
        })),
    );
    expect(vehicles).toHaveLength(35);
    expect(vehicles.every((v) => v.count !== null && Number.isInteger(Number(v.count)))).toBe(true);
    const provinces = vehicles.filter((v) => v.province !== 'VN');
    const nation = vehicles.find((v) => v.province === 'VN');
    expect(Number(nation?.count)).toBe(provinces.reduce((n, v) => n + Number(v.count), 0));
    expect(await page.locator('td.suppressed').count()).toBe(0);
    expect(await page.textContent('#error')).toBe('');
  });

  it('refuses the statistics to a token that is not an analyst’s, and says why', async () => {
    const citizen = await system.token({ sub: 'mof', cg_kind: 'third_party' });
    const page = await browser.newPage();
    await page.goto(`${new URL(system.url).origin}/dashboard#token=${citizen}`);
    await page.waitForSelector('#error:not(:empty)');
    expect(await page.textContent('#error')).toContain('FORBIDDEN');
  });
});
