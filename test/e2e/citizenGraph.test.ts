// The federated citizen graph end to end: gateway and five subgraphs over real HTTP, on PGlite and
// (when DATABASE_URL is set) on PostgreSQL, answering exactly what the generator produced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { CITIZEN_FIELDS, expectedCitizen } from '../support/expected.ts';
import {
  auditAppends,
  dataStatements,
  MAX_APPENDS_PER_BATCH,
  startTestSystem,
  type TestSystem,
} from '../support/testSystem.ts';

const samples = samplePersonalIds(TEST_POPULATION);
const sample = (label: string) => {
  const found = samples.find((s) => s.label.startsWith(label));
  if (!found) throw new Error(`no sample "${label}" in the test population`);
  return found;
};

describe.each(backends())('citizen graph on $name', (backend) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(backend);
  });
  afterAll(() => system?.stop());

  it('answers one citizen with exactly the data of all five agencies', async () => {
    const { index, personalId } = sample('level-2 account, data in all five agencies');
    const result = await system.query(
      `query ($id: ID!) { citizen(personalId: $id) { ${CITIZEN_FIELDS} } }`,
      { id: personalId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.citizen).toEqual(expectedCitizen(index));
  });

  it('answers every kind of citizen as generated, children and their guardians included', async () => {
    for (const { index, personalId } of samples) {
      const result = await system.query(
        `query ($id: ID!) { citizen(personalId: $id) { ${CITIZEN_FIELDS} } }`,
        { id: personalId },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.citizen).toEqual(expectedCitizen(index));
    }
  });

  it('resolves a guardian across the link, and the guardian sees the ward', async () => {
    const child = generateCitizen(sample('under-14 child').index, TEST_POPULATION);
    const [link] = child.familyLinks;
    const result = await system.query<{
      citizen: {
        guardians: {
          citizen: { fullName: string; wards: { citizen: { personalId: string } }[] };
        }[];
      };
    }>(
      `query ($id: ID!) { citizen(personalId: $id) { guardians { citizen { fullName wards { citizen { personalId } } } } } }`,
      { id: child.citizen.personalId },
    );
    expect(result.errors).toBeUndefined();
    const guardian = result.data?.citizen.guardians[0]?.citizen;
    const guardianIndex = [...Array(TEST_POPULATION).keys()].find(
      (i) => generateCitizen(i, TEST_POPULATION).citizen.personalId === link?.guardianPersonalId,
    ) as number;
    expect(guardian?.fullName).toBe(
      generateCitizen(guardianIndex, TEST_POPULATION).citizen.fullName,
    );
    expect(guardian?.wards.map((w) => w.citizen.personalId)).toContain(child.citizen.personalId);
  });

  it('answers 100 citizens from all five subgraphs with exactly one SQL statement per subgraph', async () => {
    const indexes = [...Array(100).keys()].map((k) => k * 5 + 3);
    const ids = indexes.map((i) => generateCitizen(i, TEST_POPULATION).citizen.personalId);
    system.resetStatements();
    const result = await system.query(
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { ${CITIZEN_FIELDS.replace('guardians { relation citizen { personalId } }', '')} } }`,
      { ids },
    );
    expect(result.errors).toBeUndefined();
    const citizens = result.data?.citizens as Record<string, unknown>[];
    expect(citizens.map((c) => c.personalId)).toEqual(ids);
    for (const [k, index] of indexes.entries()) {
      const { guardians: _g, ...expected } = expectedCitizen(index);
      expect(citizens[k]).toEqual(expected);
    }
    for (const name of SUBGRAPH_NAMES) {
      expect(dataStatements(system.statements[name]), name).toHaveLength(1);
      const appends = auditAppends(system.statements[name] ?? []).length;
      expect(appends, `${name}: audit appends`).toBeGreaterThanOrEqual(1);
      expect(appends, `${name}: audit appends`).toBeLessThanOrEqual(MAX_APPENDS_PER_BATCH);
    }
  });

  it('crosses three subgraphs from a plate to the owner and their licences', async () => {
    const owner = generateCitizen(
      sample('level-2 account, data in all five agencies').index,
      TEST_POPULATION,
    );
    const [registration] = owner.registrations;
    system.resetStatements();
    const result = await system.query(
      `query ($plate: String!) { vehicle(plate: $plate) { plate brand owner { personalId fullName driverLicences { class } } } }`,
      { plate: registration?.plate },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.vehicle).toEqual({
      plate: registration?.plate,
      brand: registration?.brand,
      owner: {
        personalId: owner.citizen.personalId,
        fullName: owner.citizen.fullName,
        driverLicences: expect.arrayContaining(owner.licences.map((l) => ({ class: l.class }))),
      },
    });
    expect(dataStatements(system.statements.vehicles)).toHaveLength(1);
    expect(dataStatements(system.statements.population)).toHaveLength(1);
    expect(dataStatements(system.statements.driving)).toHaveLength(1);
  });

  it.each([
    ['05409714432', 'has 12 digits, this one has 11'],
    ['0540971443245', 'has 12 digits, this one has 13'],
    ['05409714432x', 'digits only'],
    ['099097144324', 'unknown province code 099'],
    ['001495000001', 'born in 2195, which is in the future'],
  ])('refuses the malformed personal ID %s with BAD_USER_INPUT', async (id, problem) => {
    const result = await system.query(
      `query ($id: ID!) { citizen(personalId: $id) { fullName } }`,
      { id },
    );
    expect(result.data?.citizen).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(problem);
    expect(result.errors?.[0]?.path).toEqual(['citizen']);
  });

  it('answers null without an error for a well-formed but unknown personal ID', async () => {
    const result = await system.query(
      `{ citizen(personalId: "001090999999") { fullName healthInsurance { validUntil } } }`,
    );
    expect(result).toEqual({ data: { citizen: null } });
  });

  it('names the position of a malformed ID in a list, and answers null for unknown ones', async () => {
    const known = sample('level-1 account').personalId;
    const bad = await system.query(
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids: [known, '12'] },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('personalIds[1]');
    const mixed = await system.query(
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids: [known, '001090999999'] },
    );
    expect(mixed).toEqual({ data: { citizens: [{ personalId: known }, null] } });
  });

  it('refuses more than MAX_CITIZENS_PER_QUERY personal IDs in one query', async () => {
    const ids = Array.from(
      { length: MAX_CITIZENS_PER_QUERY + 1 },
      () => sample('level-1 account').personalId,
    );
    const result = await system.query(
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(`at most ${MAX_CITIZENS_PER_QUERY}`);
  });

  it('refuses a malformed plate and answers null for an unknown one', async () => {
    const bad = await system.query(`{ vehicle(plate: "not a plate") { brand } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await system.query(`{ vehicle(plate: "29Z9-999.99") { brand } }`);
    expect(unknown).toEqual({ data: { vehicle: null } });
  });

  it('refuses an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await system.query(`{ citizen(personalId: "001090999999") { salary } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toContain('salary');
  });
});
