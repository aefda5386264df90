// GraphiQL in development: the page and its assets come from the gateway itself (no network
// beyond it), a real Chromium loads it, runs the agency example with a pasted token and shows the
// citizen; in production the path does not exist.
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { graphiqlRoutes } from '../../gateway/devUi/graphiqlRoutes.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

const CHROMIUM = '/usr/bin/chromium';
const backend = backends().at(-1);
if (!backend) throw new Error('no backend');

describe('GraphiQL', () => {
  let system: TestSystem;
  const seedCount = process.env.SEED_COUNT;
  beforeAll(async () => {
    process.env.SEED_COUNT = String(TEST_POPULATION);
    system = await startTestSystem(backend);
  });
  afterAll(async () => {
    if (seedCount === undefined) delete process.env.SEED_COUNT;
    else process.env.SEED_COUNT = seedCount;
    await system?.stop();
  });

  it('runs the agency example in headless Chromium, offline, with a pasted token', async () => {
    const [sample] = samplePersonalIds(TEST_POPULATION);
    if (!sample) throw new Error('no sample');
    const { fullName } = generateCitizen(sample.index, TEST_POPULATION).citizen;
    const origin = new URL(system.url).origin;
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage();
      const outside: string[] = [];
      // Anything not served by the gateway is refused, as on a closed network.
      await page.route('**/*', (route) => {
        if (route.request().url().startsWith(origin)) return route.continue();
        outside.push(route.request().url());
        return route.abort();
      });
      await page.goto(`${origin}/graphiql`);
      await page.locator('.graphiql-container').waitFor();
      await expect(page.locator('.graphiql-tab').count()).resolves.toBeGreaterThanOrEqual(6);
      await page.fill('#token', system.defaultHeaders.authorization?.slice('Bearer '.length) ?? '');
      await page.fill('#purpose', 'case-handling');
      await page.click('.graphiql-execute-button');
      const response = page.locator('.graphiql-response');
      await expect
        .poll(() => response.innerText(), { timeout: 20_000 })
        .toContain(`"fullName": "${fullName}"`);
      expect(await response.innerText()).toContain('"taxOffice"');
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('is absent in production', async () => {
    expect(graphiqlRoutes({ NODE_ENV: 'production' })).toEqual([]);
    expect(graphiqlRoutes({ NODE_ENV: 'development' }).map((r) => r.path)).toContain('/graphiql');
  });
});
