// Probing the production gateway (NODE_ENV=production) with a valid token: introspection is
// refused, misspelt names get no suggestions, and no answer carries a stack trace or the name of
// the products the gateway is built from.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AttackedSystem, codes, OTHER, startAttackedSystem, VICTIM } from './support.ts';

/** Names of what the gateway runs on, which an attacker would look up vulnerabilities for. */
const PRODUCTS =
  /apollo|express|graphql-js|graphql-armor|undici|node\.js|postgres|pglite|drizzle|envelop|yoga|shield/i;

describe('production gateway', () => {
  let attacked: AttackedSystem;
  let bank: Record<string, string>;
  beforeAll(async () => {
    attacked = await startAttackedSystem({ production: true });
    const token = await attacked.system.token({ sub: 'vietcombank', cg_kind: 'third_party' });
    bank = { authorization: `Bearer ${token}`, 'x-purpose': 'open-account' };
  });
  afterAll(() => attacked?.stop());
  beforeEach(() => attacked.subgraphCalls.reset());

  it.each([
    '{ __schema { types { name fields { name } } } }',
    '{ __type(name: "Citizen") { fields { name } } }',
    'query { a: __schema { queryType { name } } }',
    'fragment F on Query { __schema { types { name } } } query { ...F }',
  ])('refuses introspection %# with INTROSPECTION_DISABLED', async (query) => {
    const answer = await attacked.post(query);
    expect(answer.status).toBe(400);
    expect(new Set(codes(answer))).toEqual(new Set(['INTROSPECTION_DISABLED']));
    expect(answer.text).not.toMatch(/"(Citizen|Vehicle|TaxProfile|personalId)"/);
    expect(attacked.subgraphCalls.calls).toBe(0);
  });

  it('still answers __typename', async () => {
    const answer = await attacked.post('{ __typename }');
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    [`{ citizen(personalId: "${VICTIM}") { fullNam } }`, 'fullName'],
    [`{ citizen(personalI: "${VICTIM}") { personalId } }`, 'personalId:'],
    [`{ citizen(personalId: "${VICTIM}") { ... on Citize { personalId } } }`, '"Citizen"'],
    [`{ citizn(personalId: "${VICTIM}") { personalId } }`, '"citizen"'],
  ])('gives no suggestion for %s', async (query, hidden) => {
    const answer = await attacked.post(query);
    expect(codes(answer)[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.text).not.toContain('Did you mean');
    expect(answer.text).not.toContain(hidden);
    expect(attacked.subgraphCalls.calls).toBe(0);
  });

  it('refuses the citizen → vehicles → owner cycle before any subgraph call', async () => {
    const query = `query ($id: ID!) { citizen(personalId: $id) { ${'vehicles { owner { '.repeat(12)}fullName${' } }'.repeat(12)} } }`;
    const answer = await attacked.post(query, { id: VICTIM });
    expect(codes(answer)).toEqual(['QUERY_TOO_DEEP']);
    expect(attacked.subgraphCalls.calls).toBe(0);
  });

  it('answers every malformed or refused request without a stack trace or a product name', async () => {
    const json = { 'content-type': 'application/json', ...attacked.system.defaultHeaders };
    const probes: (RequestInit & { path?: string })[] = [
      { method: 'POST', headers: json, body: '{"query": ' },
      { method: 'POST', headers: json, body: '{}' },
      { method: 'POST', headers: json, body: '"a string"' },
      { method: 'POST', headers: json, body: JSON.stringify({ query: 42 }) },
      { method: 'POST', headers: json, body: JSON.stringify({ query: '{ citizen(' }) },
      { method: 'POST', headers: json, body: JSON.stringify({ query: '{ a } { b }' }) },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: '{ __typename }', operationName: 'Nope' }),
      },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          query: 'query ($id: ID!) { citizen(personalId: $id) { personalId } }',
          variables: { id: { nested: true } },
        }),
      },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: `{ citizen(personalId: "123") { personalId } }` }),
      },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ query: 'subscription { citizen }' }),
      },
      {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          query: '{ __typename }',
          extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } },
        }),
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
        body: JSON.stringify({ query: '{ __typename }' }),
      },
      { method: 'POST', headers: { ...json, 'content-type': 'text/plain' }, body: '{}' },
      { method: 'GET', headers: { ...attacked.system.defaultHeaders, accept: 'text/html' } },
      { method: 'GET', path: '/', headers: { accept: 'text/html' } },
      { method: 'POST', headers: { ...bank }, body: '{}' },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bank },
        body: JSON.stringify({
          query: `{ citizen(personalId: "${OTHER}") { fullName tax { taxCode } } }`,
        }),
      },
    ];
    for (const probe of probes) {
      const answer = await attacked.send(probe);
      const context = `${probe.method} ${probe.body ?? probe.path ?? ''} → ${answer.status} ${answer.text}`;
      expect(answer.status, context).toBeLessThan(500);
      expect(codes(answer), context).not.toContain('INTERNAL_SERVER_ERROR');
      expect(answer.text, context).not.toMatch(PRODUCTS);
      expect(answer.text, context).not.toMatch(/stacktrace|\n\s+at |\.ts:\d+|node_modules/);
      for (const [name, value] of answer.headers)
        expect(`${name}: ${value}`, context).not.toMatch(PRODUCTS);
    }
  });
});
