// Province statistics end to end: one federated query answers every statistic of all five
// subgraphs per province and for the nation; totals equal direct SQL counts on the seeded data;
// no count under k is published and no withheld count can be recovered by subtraction; only
// analysts and agencies mandated for statistics read them, analysts read no citizen, and every
// statistic read is audited.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { successorOf } from '../../db/domain/provinces.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import {
  ALL_STATISTICS_QUERY,
  type Area,
  type Distribution,
  publishedEquations,
  STATISTIC_FAMILIES,
  STATISTICS,
} from '../support/statistics.ts';
import { type GraphQLResponse, startTestSystem, type TestSystem } from '../support/testSystem.ts';

const K = 10;
const samples = samplePersonalIds(TEST_POPULATION);
const someone = samples[0]?.personalId as string;
const everywhere = samples.find((s) => s.label.startsWith('level-2 account, data in all five'))
  ?.personalId as string;

/** Living citizens by current permanent residence, written apart from the implementation. */
const RESIDENTS = `with res as (
  select r.personal_id, r.province_code from population.residences r
  join population.citizens c on c.personal_id = r.personal_id and c.deceased_on is null
  where r.kind = 'PERMANENT' and (r.ended_on is null or r.ended_on >= current_date)
    and not exists (select 1 from population.residences l where l.personal_id = r.personal_id
      and l.kind = 'PERMANENT' and (l.ended_on is null or l.ended_on >= current_date)
      and l.registered_on > r.registered_on))`;

const FAMILY_TOTALS: Record<string, string> = {
  residents: 'select res.province_code as p from res',
  insured: `select res.province_code as p from res join health_insurance.cards c using (personal_id)
    where current_date between c.valid_from and c.valid_until`,
  licences: 'select res.province_code as p from res join driving.licences using (personal_id)',
  licencesExpiring: `select res.province_code as p from res join driving.licences l using (personal_id)
    where l.expires_on >= date_trunc('month', current_date)
      and l.expires_on < date_trunc('month', current_date) + interval '24 months'`,
  vehicles: `select res.province_code as p from res join vehicles.registrations v using (personal_id)
    where v.status = 'ACTIVE'`,
  registrations: `select res.province_code as p from res join vehicles.registrations v using (personal_id)
    where v.registered_on >= date_trunc('month', current_date) - interval '23 months'
      and v.registered_on < date_trunc('month', current_date) + interval '1 month'`,
  taxpayers: 'select res.province_code as p from res join tax.taxpayers using (personal_id)',
};

/** Every scalar in an answer (lists and objects walked). */
const leaves = (value: unknown): unknown[] =>
  value !== null && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [value];

describe.each(backends())('province statistics on $name', (backend) => {
  let system: TestSystem;
  let analyst: Record<string, string>;
  let answer: GraphQLResponse<{ provinces: Area[]; nation: Area }>;
  /** Expected totals by family, then by area code (provinces in force and VN). */
  const expected: Record<string, Map<string, number>> = {};

  beforeAll(async () => {
    // The first statistics read fills the published tables: room for a loaded machine.
    system = await startTestSystem(backend, { subgraphTimeoutMs: 60_000 });
    analyst = {
      authorization: `Bearer ${await system.token({ sub: 'gso-analyst', cg_kind: 'analyst' })}`,
    };
    const db = system.database.drizzle();
    for (const [family, select] of Object.entries(FAMILY_TOTALS)) {
      const rows = rowsOf<{ p: string; n: number }>(
        await db.execute(
          sql.raw(`${RESIDENTS} select p, count(*)::int as n from (${select}) t group by p`),
        ),
      );
      const totals = new Map<string, number>([['VN', 0]]);
      for (const { p, n } of rows) {
        const area = successorOf(p.trim()) as string;
        totals.set(area, (totals.get(area) ?? 0) + n);
        totals.set('VN', (totals.get('VN') ?? 0) + n);
      }
      expected[family] = totals;
    }
    answer = await system.query(ALL_STATISTICS_QUERY, {}, analyst);
  }, 300_000);
  afterAll(() => system?.stop());

  it('answers every statistic of the 34 provinces and the nation in one federated query', () => {
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.provinces).toHaveLength(34);
    expect(answer.data?.nation.code).toBe('VN');
    for (const area of [...(answer.data?.provinces ?? []), answer.data?.nation as Area])
      for (const statistic of STATISTICS) expect(area[statistic]?.cells.length).toBeGreaterThan(0);
  });

  it('publishes totals equal to direct SQL counts, and no count below k', () => {
    const { provinces, nation } = answer.data as { provinces: Area[]; nation: Area };
    let published = 0;
    for (const [family, tables] of Object.entries(STATISTIC_FAMILIES)) {
      for (const area of [...provinces, nation]) {
        for (const table of tables) {
          const { total, cells } = area[table] as Distribution;
          const sql = expected[family]?.get(area.code) ?? 0;
          if (total.suppressed) expect(total.count).toBeNull();
          else {
            expect(total.count, `${table} of ${area.code}`).toBe(sql);
            published++;
          }
          for (const c of [total, ...cells]) {
            if (c.suppressed) expect(c.count).toBeNull();
            else expect(c.count).toBeGreaterThanOrEqual(K);
          }
        }
      }
    }
    expect(published).toBeGreaterThan(0);
  });

  it('withholds every cell that a subtraction from a published total would recover', () => {
    const { provinces, nation } = answer.data as { provinces: Area[]; nation: Area };
    let suppressed = 0;
    for (const tables of Object.values(STATISTIC_FAMILIES)) {
      // A family's tables share their totals, withheld alike.
      for (const area of [...provinces, nation]) {
        const totals = tables.map((t) => (area[t] as Distribution).total);
        for (const total of totals) expect(total).toEqual(totals[0]);
      }
      for (const table of tables) {
        for (const equation of publishedEquations(provinces, nation, table)) {
          const withheld = equation.filter((c) => c.suppressed).length;
          suppressed += withheld;
          expect(withheld, `an equation of ${table} with one withheld cell`).not.toBe(1);
          if (withheld === 0) {
            const total = equation.at(-1)?.count ?? 0;
            const parts = equation.slice(0, -1).reduce((s, c) => s + (c.count ?? 0), 0);
            expect(parts).toBe(total);
          }
        }
      }
    }
    expect(suppressed).toBeGreaterThan(0);
  });

  it('makes insurance coverage client-side: insured total ÷ population total, equal to SQL', () => {
    const { provinces, nation } = answer.data as { provinces: Area[]; nation: Area };
    let compared = 0;
    for (const area of [...provinces, nation]) {
      const insured = area.insuredByBeneficiaryGroup?.total.count;
      const population = area.populationBySexAndAge?.total.count;
      if (insured == null || population == null) continue;
      expect(insured / population).toBeCloseTo(
        (expected.insured?.get(area.code) ?? 0) / (expected.residents?.get(area.code) ?? 1),
        12,
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('refuses statistics to citizens and to agencies without a statistics mandate', async () => {
    const query = '{ nation { populationBySexAndAge { total { count } } } }';
    const citizen = await system.token({ sub: someone, cg_kind: 'citizen', eid_level: 2 });
    const refused = await system.query(query, {}, { authorization: `Bearer ${citizen}` });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NO_MANDATE',
    });
    const agency = await system.query(query); // every data scope, but not statistics
    expect(agency.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NO_MANDATE',
    });
    const mandated = await system.token({ sub: 'mof', cg_kind: 'agency', scope: 'statistics' });
    const allowed = await system.query(
      query,
      {},
      {
        authorization: `Bearer ${mandated}`,
        'x-purpose': 'budget-planning',
      },
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toMatchObject({
      nation: { populationBySexAndAge: { total: { count: expected.residents?.get('VN') } } },
    });
  });

  it('denies an analyst every citizen field, through every entry point', async () => {
    const fields =
      'fullName dateOfBirth permanentResidence { provinceCode } healthInsurance { cardCode } driverLicences { class } vehicles { plate } tax { taxCode }';
    const plate = (
      await system.query<{ citizen: { vehicles: { plate: string }[] } }>(
        `{ citizen(personalId: "${everywhere}") { vehicles { plate } } }`,
      )
    ).data?.citizen.vehicles[0]?.plate;
    expect(plate).toBeDefined();
    const entryPoints = [
      [`{ citizen(personalId: "${someone}") { ${fields} } }`, ['citizen']],
      [`{ citizens(personalIds: ["${someone}"]) { ${fields} } }`, ['citizens', 0]],
      [`{ vehicle(plate: "${plate}") { brand owner { ${fields} } } }`, ['vehicle']],
    ] as const;
    for (const [query, path] of entryPoints) {
      const { data, errors } = await system.query(query, {}, analyst);
      expect(leaves(data).every((v) => v === null)).toBe(true);
      expect(errors?.length).toBeGreaterThanOrEqual(2);
      for (const error of errors ?? []) {
        expect(error.path?.slice(0, path.length)).toEqual(path);
        expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'AGGREGATES_ONLY' });
      }
    }
  });

  it('refuses statistics of a former province with a precise code', async () => {
    const { errors } = await system.query(
      '{ province(code: "093") { name kind mergedInto { code } residence { total { count } } } }',
      {},
      analyst,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'STATISTICS_NOT_PUBLISHED' });
  });

  it('audits who read which statistic, and when', async () => {
    const db = system.database.drizzle();
    const rows = rowsOf<{ subject: string; decision: string }>(
      await db.execute(sql`select subject, decision from access.audit_log
        where caller_id = 'gso-analyst' and subject like 'statistic:%' and at > now() - interval '10 minutes'`),
    );
    const read = new Set(rows.filter((r) => r.decision === 'ALLOW').map((r) => r.subject));
    for (const statistic of STATISTICS) expect(read).toContain(`statistic:Province.${statistic}`);
  });
});
