// graphql-cop's checks (a Python tool, not installable here: npm and Debian packages only), each
// sent as graphql-cop sends it — its exact documents, `operationName: "cop"` — to the production
// gateway with a valid token, each refused with its code and no subgraph called. Checks whose very
// request another suite already sends are not repeated:
// - array-based batching: requestShape.test.ts, 'refuses an array of operations …'
// - GET method query support: requestShape.test.ts, 'refuses a query over GET …'
// - mutation over GET: requestShape.test.ts, 'refuses a mutation over GET …'
// - POST url-encoded query (CSRF): requestShape.test.ts, 'refuses a %s POST …' (form-urlencoded)
// - introspection (`__schema { types { name fields { name } } }`): production.test.ts
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Answer, type AttackedSystem, codes, startAttackedSystem } from './support.ts';

describe("graphql-cop's checks against the production gateway", () => {
  let attacked: AttackedSystem;
  beforeAll(async () => {
    attacked = await startAttackedSystem({ production: true });
  });
  afterAll(() => attacked?.stop());
  beforeEach(() => attacked.subgraphCalls.reset());

  /** graphql-cop's graph_query: one JSON operation named cop. */
  const cop = (query: string, headers: Record<string, string> = {}, path = '/graphql') =>
    attacked.send({
      path,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...attacked.system.defaultHeaders,
        ...headers,
      },
      body: JSON.stringify({ query, operationName: 'cop' }),
    });

  const expectRefused = (answer: Answer, code: string) => {
    expect(answer.status).toBe(400);
    expect(codes(answer)).toContain(code);
    expect(answer.body.data).toBeUndefined();
    expect(attacked.subgraphCalls.calls).toBe(0);
  };

  it('alias overloading: 101 aliases of __typename are refused with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename \n`).join('');
    const answer = await cop(`query cop { ${aliases} }`);
    expect(codes(answer)).toEqual(['TOO_MANY_ALIASES']);
    expectRefused(answer, 'TOO_MANY_ALIASES');
  });

  it('field duplication: __typename 500 times is refused with TOO_MANY_REPEATED_FIELDS', async () => {
    const answer = await cop(`query cop { ${'__typename \n'.repeat(500)}} `);
    expect(codes(answer)).toEqual(['TOO_MANY_REPEATED_FIELDS']);
    expectRefused(answer, 'TOO_MANY_REPEATED_FIELDS');
  });

  it('directive overloading: @aa ten times on one field is refused with DIRECTIVE_REPEATED', async () => {
    const answer = await cop(`query cop { __typename ${'@aa'.repeat(10)} }`);
    expectRefused(answer, 'DIRECTIVE_REPEATED');
    // graphql-cop counts the directive as processed when exactly one error per copy comes back.
    expect(answer.body.errors).not.toHaveLength(10);
  });

  it("circular introspection: refused with INTROSPECTION_DISABLED and graphql-js's depth rule", async () => {
    const answer = await cop(
      'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
    );
    expectRefused(answer, 'INTROSPECTION_DISABLED');
    // graphql-js's own rule refuses the cycle too, in development as well.
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'Maximum introspection depth exceeded',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(new Set(codes(answer))).toEqual(
      new Set(['GRAPHQL_VALIDATION_FAILED', 'INTROSPECTION_DISABLED']),
    );
  });

  it('field suggestions: a misspelt introspection field gets no "Did you mean"', async () => {
    const answer = await cop('query cop { __schema { directive } }');
    expectRefused(answer, 'INTROSPECTION_DISABLED');
    expect(answer.text).not.toContain('Did you mean');
    expect(answer.text).not.toContain('directives');
  });

  it('trace and debug mode: no tracing, ftv1 or debug extension, whatever the request asks', async () => {
    for (const [path, headers] of [
      ['/graphql', {}],
      ['/graphql?debug=1', {}],
      ['/graphql', { 'apollo-federation-include-trace': 'ftv1' }],
    ] as const) {
      const answer = await cop('query cop { __typename }', headers, path);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('unhandled errors: a malformed document is GRAPHQL_PARSE_FAILED with no exception or stack', async () => {
    const answer = await cop('qwerty cop { abc }');
    expect(codes(answer)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expectRefused(answer, 'GRAPHQL_PARSE_FAILED');
    const extensions = answer.body.errors?.[0]?.extensions ?? {};
    expect(Object.keys(extensions)).toEqual(['code']);
    expect(answer.text).not.toMatch(/exception|stacktrace|\n\s+at /i);
  });

  it('GraphQL IDE: no GraphiQL or Playground at the endpoint or at /graphiql', async () => {
    const ide = /graphiql\.min\.css|GraphQL Playground|GraphiQL|graphql-playground/;
    const atEndpoint = await attacked.send({
      headers: { ...attacked.system.defaultHeaders, accept: 'text/html' },
    });
    expect(atEndpoint.status).toBe(405);
    expect(codes(atEndpoint)).toEqual(['METHOD_NOT_ALLOWED']);
    expect(atEndpoint.text).not.toMatch(ide);
    const atPath = await attacked.send({ path: '/graphiql', headers: { accept: 'text/html' } });
    expect(atPath.status).toBe(404);
    expect(atPath.text).not.toMatch(ide);
  });
});
