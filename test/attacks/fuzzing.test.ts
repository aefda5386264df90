// Hostile values where the graph expects personal IDs, plates, purposes and whole queries:
// injection-shaped strings by hand, then property-based fuzzing with fast-check. Whatever comes
// in, the gateway answers without a 5xx or an internal error, and no protected field leaves.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCitizen } from '../../db/seed/generate.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { type Answer, type AttackedSystem, codes, startAttackedSystem, VICTIM } from './support.ts';

const INJECTIONS = [
  "' OR '1'='1",
  "086175128486' OR 1=1 --",
  '1; DROP TABLE population.citizens; --',
  '086175128486); DELETE FROM access.audit_log; --',
  '{"$gt": ""}',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000086175128486',
  '086175128486\n',
  ' 086175128486',
  '٠٨٦١٧٥١٢٨٤٨٦', // Arabic-Indic digits
  '０８６１７５１２８４８６', // full-width digits
  '%',
  '_'.repeat(12),
  '9'.repeat(10_000),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-shaped value, on purpose
  '${jndi:ldap://x/a}',
];

/** Every error is the client's (or a refusal), never an internal one, and nothing is a 5xx. */
const expectHandled = (answer: Answer, allowed: string[]) => {
  expect(answer.status, answer.text).toBeLessThan(500);
  for (const code of codes(answer)) expect(allowed, answer.text).toContain(code);
};

/** The leaves of an answer's data that are not null, as paths. */
function nonNullLeaves(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonNullLeaves(v, `${path}.${i}`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => nonNullLeaves(v, `${path}.${k}`));
  return [path];
}

describe('hostile values and shapes', () => {
  let attacked: AttackedSystem;
  let bank: Record<string, string>;
  const victimName = Array.from({ length: TEST_POPULATION }, (_, i) =>
    generateCitizen(i, TEST_POPULATION),
  ).find((r) => r.citizen.personalId === VICTIM)?.citizen.fullName as string;
  beforeAll(async () => {
    attacked = await startAttackedSystem({
      limits: { clientPerMinute: 0, subjectPerMinute: 0, citizenPerMinute: 0 },
    });
    const token = await attacked.system.token({ sub: 'vietcombank', cg_kind: 'third_party' });
    // A purpose no other suite grants a consent for: the test database is shared between files.
    bank = { authorization: `Bearer ${token}`, 'x-purpose': 'fuzzing-without-consent' };
  });
  afterAll(() => attacked?.stop());

  it.each(INJECTIONS)(
    'answers an injection-shaped personal ID %# with BAD_USER_INPUT',
    async (id) => {
      const answer = await attacked.post(
        'query ($id: ID!) { citizen(personalId: $id) { fullName } }',
        { id },
      );
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.body.data?.citizen ?? null).toBeNull();
    },
  );

  it.each(INJECTIONS)(
    'answers an injection-shaped plate, purpose and list %# without harm',
    async (value) => {
      const plate = await attacked.post(
        'query ($p: String!) { vehicle(plate: $p) { plate brand } }',
        { p: value },
      );
      expectHandled(plate, ['BAD_USER_INPUT']);
      expect(plate.body.data?.vehicle ?? null).toBeNull();
      const list = await attacked.post(
        'query ($ids: [ID!]!) { citizens(personalIds: $ids) { fullName } }',
        {
          ids: [VICTIM, value],
        },
      );
      expectHandled(list, ['BAD_USER_INPUT']);
      expect(list.text).not.toContain(victimName);
      const purpose = await attacked.post('{ __typename }', undefined, {
        ...attacked.system.defaultHeaders,
        'x-purpose': encodeURIComponent(value).slice(0, 4_000),
      });
      expectHandled(purpose, ['BAD_USER_INPUT']);
    },
  );

  it('still serves the citizen afterwards: nothing was dropped or changed', async () => {
    const answer = await attacked.post(
      'query ($id: ID!) { citizen(personalId: $id) { fullName } }',
      { id: VICTIM },
    );
    expect(answer.body).toEqual({ data: { citizen: { fullName: victimName } } });
  });

  it('property: any string as a personal ID is refused or unknown, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^\d{12}$/)),
        async (id) => {
          const answer = await attacked.post(
            'query ($id: ID!) { citizen(personalId: $id) { personalId } }',
            { id },
          );
          expectHandled(answer, ['BAD_USER_INPUT']);
          const citizen = answer.body.data?.citizen as { personalId: string } | null | undefined;
          if (citizen) expect(citizen.personalId).toBe(id);
        },
      ),
      { numRuns: 60 },
    );
  });

  const CITIZEN_FIELDS = [
    'fullName',
    'dateOfBirth',
    'sex',
    'ethnicity',
    'idCard { number }',
    'permanentResidence { address }',
    'wards { relation citizen { personalId fullName } }',
    'healthInsurance { cardCode }',
    'driverLicences { number class }',
    'vehicles { plate brand owner { fullName vehicles { plate } } }',
    'tax { taxCode declarations { income } }',
    'eidAccount { level }',
  ];

  it('property: a bank without consent gets no protected field, whatever it selects and however', async () => {
    const selection = fc
      .tuple(
        fc.subarray(CITIZEN_FIELDS, { minLength: 1 }),
        fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
        fc.boolean(),
      )
      .map(([fields, aliases, viaFragment]) => {
        const body = `personalId ${fields.join(' ')}`;
        const inner = viaFragment ? `... on Citizen { ${body} }` : body;
        const roots = aliases.length > 0 ? [...new Set(aliases)] : [''];
        return `query ($id: ID!) { ${roots.map((a) => `${a ? `${a}: ` : ''}citizen(personalId: $id) { ${inner} }`).join(' ')} }`;
      });
    await fc.assert(
      fc.asyncProperty(selection, async (query) => {
        const answer = await attacked.post(query, { id: VICTIM }, bank);
        expectHandled(answer, ['FORBIDDEN']);
        const leaked = nonNullLeaves(answer.body.data).filter((p) => !p.endsWith('.personalId'));
        expect(leaked, query).toEqual([]);
        expect(answer.text).not.toContain(victimName);
      }),
      { numRuns: 40 },
    );
  });

  it('property: token soup and random text as a query never cause an internal error', async () => {
    const tokens = fc.constantFrom(
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      ':',
      '...',
      '@include(if: true)',
      '$id',
      'query',
      'mutation',
      'subscription',
      'fragment',
      'on',
      'Citizen',
      'citizen',
      'citizens',
      'personalId',
      `"${VICTIM}"`,
      'vehicles',
      'owner',
      'fullName',
      '__schema',
      '__type',
      '__typename',
      'grantConsent',
      '"x"',
      '1',
    );
    const query = fc.oneof(
      fc.array(tokens, { maxLength: 40 }).map((t) => t.join(' ')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(
        query,
        fc.option(fc.dictionary(fc.constantFrom('id', 'ids', 'x'), fc.jsonValue()), {
          nil: undefined,
        }),
        async (q, variables) => {
          const answer = await attacked.post(q, variables);
          expectHandled(answer, [
            'GRAPHQL_PARSE_FAILED',
            'GRAPHQL_VALIDATION_FAILED',
            'BAD_USER_INPUT',
            'BAD_REQUEST',
            'OPERATION_RESOLUTION_FAILURE',
            'QUERY_TOO_DEEP',
            'QUERY_TOO_COMPLEX',
            'TOO_MANY_ALIASES',
            'TOO_MANY_DIRECTIVES',
            'TOO_MANY_TOKENS',
          ]);
        },
      ),
      { numRuns: 80 },
    );
  });
});
