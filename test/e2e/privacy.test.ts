// Differentially private statistics end to end: an analyst asks for noisy counts with an ε, the
// answer reports the ε spent and the budget left, and the ledger in the database refuses a query
// that would overspend — one at a time, fired in parallel, or repeated to average the noise away —
// writing nothing when it refuses. Answers without `privacy` are untouched, and every private read
// is audited and recorded in the ledger under its request.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { backends } from '../support/backends.ts';
import { type GraphQLResponse, startTestSystem, type TestSystem } from '../support/testSystem.ts';

interface Cell {
  category: string;
  count: number | null;
  suppressed: boolean;
}
interface Report {
  epsilon: number;
  remainingBudget: number;
  mechanism: string;
  sensitivity: number;
  unit: string;
  scale: number;
}
interface Row {
  code: string;
  vehiclesByType: { total: Cell; cells: Cell[]; privacy: Report | null } | null;
}
type Answer = GraphQLResponse<{ provinces: Row[] }>;

const CELLS = '{ total { category count suppressed } cells { category count suppressed }';
const REPORT = 'privacy { epsilon remainingBudget mechanism sensitivity unit scale } }';
const privateQuery = (epsilon: number) =>
  `{ provinces { code vehiclesByType(privacy: { epsilon: ${epsilon} }) ${CELLS} ${REPORT} } }`;
const PLAIN_QUERY = `{ provinces { code vehiclesByType ${CELLS} privacy { epsilon } } } }`;

const codes = (answer: Answer) => [...new Set(answer.errors?.map((e) => e.extensions?.code))];

describe.each(backends())('differentially private statistics on $name', (backend) => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem(backend, { subgraphTimeoutMs: 60_000 });
  });
  afterAll(() => system?.stop());

  /** A fresh analyst (no other suite or run shares their budget), with `budget` ε to spend. */
  async function analyst(budget: number) {
    const id = `dp-analyst-${randomUUID()}`;
    await system.database
      .drizzle()
      .execute(
        sql`insert into access.privacy_budgets (caller_kind, caller_id, budget) values ('analyst', ${id}, ${budget})`,
      );
    const token = await system.token({ sub: id, cg_kind: 'analyst' });
    const ask = (query: string, requestId = randomUUID()) =>
      system.query(query, {}, { authorization: `Bearer ${token}`, 'x-request-id': requestId });
    return { id, ask: ask as (query: string, requestId?: string) => Promise<Answer> };
  }

  async function ledger(id: string) {
    const db = system.database.drizzle();
    const [budget] = rowsOf<{ spent: string }>(
      await db.execute(sql`select spent::text from access.privacy_budgets where caller_id = ${id}`),
    );
    const debits = rowsOf<{ request_id: string; statistic: string; epsilon: string }>(
      await db.execute(sql`select request_id, statistic, epsilon::text from access.privacy_debits
        where caller_id = ${id} order by at`),
    );
    return { spent: Number(budget?.spent), debits };
  }

  it('answers noisy counts for every province and reports the ε spent and the budget left', async () => {
    const { ask } = await analyst(2);
    const answer = await ask(privateQuery(0.5));
    expect(answer.errors).toBeUndefined();
    const provinces = answer.data?.provinces ?? [];
    expect(provinces).toHaveLength(34);
    for (const { vehiclesByType: table } of provinces) {
      expect(table?.privacy).toEqual({
        epsilon: 0.5,
        remainingBudget: 1.5,
        mechanism: 'DISCRETE_LAPLACE',
        sensitivity: 1,
        unit: 'vehicle',
        scale: 2,
      });
      expect(table?.cells.map((c) => c.category)).toEqual(['MOTORBIKE', 'CAR', 'TRUCK']);
      for (const cell of [...(table?.cells ?? []), table?.total]) {
        expect(cell?.suppressed).toBe(false);
        expect(Number.isInteger(cell?.count)).toBe(true);
        expect(cell?.count).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('leaves answers without privacy as they were: suppressed, and no ε spent', async () => {
    const { id, ask } = await analyst(1);
    const before = await ask(PLAIN_QUERY);
    await ask(privateQuery(0.5));
    const after = await ask(PLAIN_QUERY);
    expect(after).toEqual(before);
    const tables = before.data?.provinces.map((p) => p.vehiclesByType) ?? [];
    expect(tables.every((t) => t?.privacy === null)).toBe(true);
    // 600 citizens over 34 provinces: small cells are withheld, as without the private mode.
    expect(tables.some((t) => t?.cells.some((c) => c.suppressed && c.count === null))).toBe(true);
    expect((await ledger(id)).debits).toHaveLength(1);
  });

  it('refuses a query that would overspend, with PRIVACY_BUDGET_EXHAUSTED, and writes nothing', async () => {
    const { id, ask } = await analyst(1);
    expect((await ask(privateQuery(0.6))).errors).toBeUndefined();
    const refused = await ask(privateQuery(0.6));
    expect(codes(refused)).toEqual(['PRIVACY_BUDGET_EXHAUSTED']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ epsilon: 0.6, remainingBudget: 0.4 });
    expect(refused.data?.provinces.every((p) => p.vehiclesByType === null)).toBe(true);
    expect(await ledger(id)).toMatchObject({ spent: 0.6, debits: [{ epsilon: '0.600' }] });
    // What is left can still be spent, to the last thousandth.
    expect((await ask(privateQuery(0.4))).errors).toBeUndefined();
    expect((await ledger(id)).spent).toBe(1);
  });

  it('lets no parallel queries overspend: exactly as many as the budget allows succeed', async () => {
    const { id, ask } = await analyst(1);
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(privateQuery(0.3))));
    const served = answers.filter((a) => a.errors === undefined);
    const refused = answers.filter((a) => codes(a).includes('PRIVACY_BUDGET_EXHAUSTED'));
    expect(served).toHaveLength(3);
    expect(refused).toHaveLength(5);
    const remaining = served.map(
      (a) => a.data?.provinces[0]?.vehiclesByType?.privacy?.remainingBudget,
    );
    expect(remaining.sort()).toEqual([0.1, 0.4, 0.7]);
    const { spent, debits } = await ledger(id);
    expect(spent).toBeCloseTo(0.9, 9);
    expect(debits).toHaveLength(3);
  });

  it('refuses repeated identical queries once the budget is spent, so noise cannot be averaged away', async () => {
    const { id, ask } = await analyst(1);
    const answers: Answer[] = [];
    for (let k = 0; k < 6; k++) answers.push(await ask(privateQuery(0.25)));
    expect(answers.slice(0, 4).every((a) => a.errors === undefined)).toBe(true);
    for (const a of answers.slice(4)) expect(codes(a)).toEqual(['PRIVACY_BUDGET_EXHAUSTED']);
    // Each served answer drew its own noise: 4 releases at ε = 0.25 are one at ε = 1, no better.
    const counts = answers
      .slice(0, 4)
      .map((a) => JSON.stringify(a.data?.provinces.map((p) => p.vehiclesByType?.cells)));
    expect(new Set(counts).size).toBeGreaterThan(1);
    expect((await ledger(id)).debits).toHaveLength(4);
  });

  it('debits once per statistic of a federated query, not once per province', async () => {
    const { id, ask } = await analyst(3);
    const answer = await ask(
      `{ provinces { code
          vehiclesByType(privacy: { epsilon: 0.5 }) { privacy { epsilon } }
          populationBySexAndAge(privacy: { epsilon: 0.5 }) { privacy { epsilon } }
          insuredByBeneficiaryGroup(privacy: { epsilon: 0.25 }) { privacy { epsilon } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const { spent, debits } = await ledger(id);
    expect(debits.map((d) => [d.statistic, d.epsilon]).sort()).toEqual([
      ['Province.insuredByBeneficiaryGroup', '0.250'],
      ['Province.populationBySexAndAge', '0.500'],
      ['Province.vehiclesByType', '0.500'],
    ]);
    expect(spent).toBe(1.25);
  });

  it('debits the nation and the provinces apart: the gateway asks the subgraph for each in turn', async () => {
    const { id, ask } = await analyst(2);
    const table =
      'vehiclesByType(privacy: { epsilon: 0.5 }) { total { count } privacy { epsilon } }';
    const answer = await ask(`{ nation { ${table} } provinces { code ${table} } }`);
    expect(answer.errors).toBeUndefined();
    const { spent, debits } = await ledger(id);
    expect(debits).toHaveLength(2);
    expect(spent).toBe(1);
  });

  it('audits a private read and records its debit under the same request', async () => {
    const { id, ask } = await analyst(1);
    const requestId = `dp-audit-${randomUUID()}`;
    expect((await ask(privateQuery(0.5), requestId)).errors).toBeUndefined();
    const audit = rowsOf<{ subject: string; decision: string; caller_id: string }>(
      await system.database.drizzle().execute(sql`select subject, decision, caller_id
        from access.audit_log where request_id = ${requestId}`),
    );
    expect(audit).toContainEqual({
      subject: 'statistic:Province.vehiclesByType',
      decision: 'ALLOW',
      caller_id: id,
    });
    expect((await ledger(id)).debits).toMatchObject([{ request_id: requestId }]);
  });

  it('refuses an ε that is not from 0.001 to 1000 in thousandths, spending nothing', async () => {
    const { id, ask } = await analyst(1);
    for (const epsilon of [0, -1, 0.0005, 2000]) {
      const answer = await ask(privateQuery(epsilon));
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    }
    expect((await ledger(id)).debits).toHaveLength(0);
  });
});
