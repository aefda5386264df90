import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { describe, expect, it } from 'vitest';
import type { Decision, Requirement } from '../../kernel/access/decide.ts';
import { ACCESS_DOC_URL, accessDoc, subgraphFieldRules } from '../../schema/accessDoc.ts';
import { COMPOSED_SUBGRAPH_NAMES, subgraphSdl } from '../../schema/subgraphs.ts';
import type { AccessContext } from '../../subgraphs/shared/access/accessContext.ts';
import { accessShield, shieldCache } from '../../subgraphs/shared/access/rules.ts';

/** The directive declarations every subgraph SDL starts with. */
const HEADER = subgraphSdl('tax').split('type Citizen')[0] as string;

describe('access rules declared in the SDL', () => {
  it('give every field of every subgraph a rule', () => {
    for (const name of COMPOSED_SUBGRAPH_NAMES) {
      const missing = [...subgraphFieldRules(name)]
        .filter(([, rule]) => rule === null)
        .map(([field]) => field);
      expect(missing, name).toEqual([]);
    }
  });

  it('require account level 2 for every integrated document', () => {
    for (const name of ['health_insurance', 'driving', 'vehicles', 'tax'] as const) {
      for (const [field, rule] of subgraphFieldRules(name)) {
        if (
          (rule?.kind === 'scope' || rule?.kind === 'inherited') &&
          rule.requirement.scope !== 'statistics'
        )
          expect(rule.requirement.level, field).toBe(2);
      }
    }
  });

  it('are listed in docs/ACCESS.md as generated (run `npm run compose` after an SDL change)', () => {
    expect(readFileSync(ACCESS_DOC_URL, 'utf8')).toBe(accessDoc());
  });

  it('refuse to build a subgraph with a field that has no rule', () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}\ntype Query { secret: String, open: String @public }`),
    });
    expect(() => accessShield(schema)).toThrow('fields without an access rule: Query.secret');
  });

  it('refuse an unknown scope', () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}\ntype Query { salary: Int @access(scope: "salary") }`),
    });
    expect(() => accessShield(schema)).toThrow('unknown scope "salary"');
  });

  it('wrap only the gated fields: the others resolve synchronously, a gated one is still decided', async () => {
    const schema = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}
        type Query { open: String @public, gated: Cell @access(scope: "statistics") }
        type Cell @access(scope: "statistics") { count: Int }`),
      resolvers: { Query: { open: () => 'o', gated: () => ({ count: 7 }) } },
    });
    const guarded = applyMiddleware(schema, accessShield(schema));
    const denied = { allowed: false, reason: 'AGGREGATES_ONLY' };
    const run = (decision: object) =>
      execute({
        schema: guarded,
        document: parse('{ open gated { count } }'),
        contextValue: { access: { check: async () => decision, decided: () => undefined } },
      });
    const refused = await run(denied);
    expect(refused.data).toEqual({ open: 'o', gated: null });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await run({ allowed: true })).toEqual({ data: { open: 'o', gated: { count: 7 } } });
    // Synchronous: with no gated field selected, graphql-js answers without a promise.
    const openOnly = execute({ schema: guarded, document: parse('{ open }'), contextValue: {} });
    expect(openOnly).toEqual({ data: { open: 'o' } });
  });

  it('run a rule once per subject in a request, and never share a decision across subjects', async () => {
    const subgraph = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}
        type Query { people: [Person!]! @public }
        type Person @key(fields: "personalId") {
          personalId: ID! @public
          fullName: String @access(scope: "identity")
          dateOfBirth: String @access(scope: "identity")
        }`),
      resolvers: {
        Query: {
          people: () =>
            ['001090000001', '001090000002', '001090000001'].map((personalId) => ({
              personalId,
              fullName: `name of ${personalId}`,
              dateOfBirth: '1990-01-01',
            })),
        },
      },
    });
    const checks: string[] = [];
    const access = {
      check: async (subject: string | null, requirement: Requirement): Promise<Decision> => {
        checks.push(`${subject}:${requirement.scope}`);
        return subject === '001090000002'
          ? { allowed: false, reason: 'NO_MANDATE' }
          : { allowed: true, consentId: null };
      },
      decided: () => undefined,
    } as unknown as AccessContext;
    const contextValue = { access, _shield: shieldCache() };
    const result = await execute({
      schema: applyMiddleware(subgraph, accessShield(subgraph)),
      document: parse('{ people { personalId fullName dateOfBirth } }'),
      contextValue,
    });
    expect(checks.sort()).toEqual(['001090000001:identity', '001090000002:identity']);
    // Shield kept its results in the prototype-less cache the context gave it, one per subject.
    expect(Object.getPrototypeOf(contextValue._shield.cache)).toBeNull();
    expect(Object.keys(contextValue._shield.cache).sort()).toEqual([
      'access:identity:1-001090000001',
      'access:identity:1-001090000002',
    ]);
    expect(result.data?.people).toEqual([
      { personalId: '001090000001', fullName: 'name of 001090000001', dateOfBirth: '1990-01-01' },
      { personalId: '001090000002', fullName: null, dateOfBirth: null },
      { personalId: '001090000001', fullName: 'name of 001090000001', dateOfBirth: '1990-01-01' },
    ]);
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.reason])).toEqual([
      ['people.1.fullName', 'NO_MANDATE'],
      ['people.1.dateOfBirth', 'NO_MANDATE'],
    ]);
  });

  it('serve a field the request already allowed without shield; a denied or undecided one goes through it', async () => {
    const subgraph = buildSubgraphSchema({
      typeDefs: parse(`${HEADER}
        type Query { people(ids: [ID!]!): [Person!]! @public }
        type Person @key(fields: "personalId") {
          personalId: ID! @public
          fullName: String @access(scope: "identity")
        }`),
      resolvers: {
        Query: {
          people: (_: unknown, { ids }: { ids: string[] }) =>
            ids.map((personalId) => ({ personalId, fullName: `name of ${personalId}` })),
        },
      },
    });
    const [allowed, denied, undecided] = ['001090000001', '001090000002', '001090000003'];
    const known: Record<string, Decision> = {
      [allowed as string]: { allowed: true, consentId: null },
      [denied as string]: { allowed: false, reason: 'NO_MANDATE' },
    };
    const checks: string[] = [];
    const access = {
      decided: (subject: string) => known[subject],
      check: async (subject: string): Promise<Decision> => {
        checks.push(subject);
        return known[subject] ?? { allowed: true, consentId: null };
      },
    } as unknown as AccessContext;
    const schema = applyMiddleware(subgraph, accessShield(subgraph));
    const run = (ids: (string | undefined)[]) =>
      execute({
        schema,
        document: parse('query ($ids: [ID!]!) { people(ids: $ids) { fullName } }'),
        variableValues: { ids },
        contextValue: { access, _shield: shieldCache() },
      });
    // Only already-allowed subjects: answered synchronously, shield never asked.
    expect(run([allowed])).toEqual({ data: { people: [{ fullName: `name of ${allowed}` }] } });
    expect(checks).toEqual([]);
    const result = await run([allowed, denied, undecided]);
    expect(checks.sort()).toEqual([denied, undecided]);
    expect(result.data?.people).toEqual([
      { fullName: `name of ${allowed}` },
      { fullName: null },
      { fullName: `name of ${undecided}` },
    ]);
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.reason])).toEqual([
      ['people.1.fullName', 'NO_MANDATE'],
    ]);
  });
});
