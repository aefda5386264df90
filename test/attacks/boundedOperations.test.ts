// Operations built to exhaust the gateway or the subgraphs — the schema's cycles, alias and
// directive floods, list multiplication, token floods, huge bodies — are refused with a precise
// code before any subgraph is called, and nothing about a citizen leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCitizen } from '../../db/seed/generate.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import {
  type AttackedSystem,
  codes,
  leaks,
  OTHER,
  startAttackedSystem,
  VICTIM,
} from './support.ts';

/** citizen → vehicles → owner → vehicles → … `levels` times. */
const cycle = (levels: number) =>
  `query ($id: ID!) { citizen(personalId: $id) { ${'vehicles { owner { '.repeat(levels)}fullName${' } }'.repeat(levels)} } }`;

const HUNDRED = Array.from(
  { length: 100 },
  (_, i) => generateCitizen(i, TEST_POPULATION).citizen.personalId,
);

describe('bounded operations', () => {
  let attacked: AttackedSystem;
  beforeAll(async () => {
    attacked = await startAttackedSystem();
  });
  afterAll(() => attacked?.stop());
  beforeEach(() => attacked.subgraphCalls.reset());

  /** Refused with 400 and exactly this code, no subgraph called, no citizen data in the answer. */
  const expectRefused = async (
    answer: Promise<Awaited<ReturnType<AttackedSystem['post']>>>,
    code: string,
    status = 400,
  ) => {
    const refused = await answer;
    expect(codes(refused)).toEqual([code]);
    expect(refused.status).toBe(status);
    expect(refused.body.data).toBeUndefined();
    expect(leaks(refused, VICTIM, OTHER)).toBe(false);
    expect(attacked.subgraphCalls.calls).toBe(0);
    return refused;
  };

  it('serves a short walk round the cycle, calling the subgraphs (the counter sees them)', async () => {
    const answer = await attacked.post(cycle(2), { id: VICTIM });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(attacked.subgraphCalls.calls).toBeGreaterThan(0);
  });

  it('refuses the citizen → vehicles → owner cycle past the depth limit with QUERY_TOO_DEEP', async () => {
    const refused = await expectRefused(attacked.post(cycle(12), { id: VICTIM }), 'QUERY_TOO_DEEP');
    expect(refused.body.errors?.[0]?.message).toContain(`${DEFAULT_LIMITS.maxDepth}`);
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `query ($id: ID!) { citizen(personalId: $id) { ...V } }
      fragment V on Citizen { vehicles { owner { ... on Citizen { vehicles { owner { vehicles { owner { vehicles { plate } } } } } } } } }`;
    await expectRefused(attacked.post(query, { id: VICTIM }), 'QUERY_TOO_DEEP');
  });

  it('refuses an alias flood with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from(
      { length: 40 },
      (_, i) => `a${i}: citizen(personalId: $id) { personalId }`,
    );
    await expectRefused(
      attacked.post(`query ($id: ID!) { ${aliases.join(' ')} }`, { id: VICTIM }),
      'TOO_MANY_ALIASES',
    );
  });

  it('refuses 500 aliases of citizen as a token flood before parsing them all', async () => {
    const aliases = Array.from(
      { length: 500 },
      (_, i) => `a${i}: citizen(personalId: "${VICTIM}") { fullName }`,
    );
    await expectRefused(attacked.post(`{ ${aliases.join(' ')} }`), 'TOO_MANY_TOKENS');
  });

  it('refuses a token flood with TOO_MANY_TOKENS', async () => {
    await expectRefused(attacked.post(`{ ${'__typename '.repeat(5_000)}}`), 'TOO_MANY_TOKENS');
  });

  it('refuses a directive flood with TOO_MANY_DIRECTIVES', async () => {
    const fields = 'personalId @include(if: true) '.repeat(DEFAULT_LIMITS.maxDirectives + 5);
    await expectRefused(
      attacked.post(`query ($id: ID!) { citizen(personalId: $id) { ${fields} } }`, { id: VICTIM }),
      'TOO_MANY_DIRECTIVES',
    );
  });

  it('refuses a cost bomb through lists (100 citizens × wards × vehicles × …) within the depth limit', async () => {
    const query = `query ($ids: [ID!]!) { citizens(personalIds: $ids) { wards { citizen { vehicles { owner { vehicles { plate } } } } } } }`;
    const refused = await expectRefused(
      attacked.post(query, { ids: HUNDRED }),
      'QUERY_TOO_COMPLEX',
    );
    expect(refused.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('prices a list by the IDs actually passed: the same selection for 2 citizens is served', async () => {
    const query = `query ($ids: [ID!]!) { citizens(personalIds: $ids) { vehicles { owner { vehicles { plate } } } } }`;
    const served = await attacked.post(query, { ids: HUNDRED.slice(0, 2) });
    expect(served.body.errors).toBeUndefined();
    expect(served.status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const padding = `"${'0'.repeat(1_100_000)}"`;
    await expectRefused(
      attacked.post(`query ($id: ID!) { citizen(personalId: $id) { fullName } }`, { id: padding }),
      'PAYLOAD_TOO_LARGE',
      413,
    );
  });
});
