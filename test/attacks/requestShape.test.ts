// Requests shaped to slip past the limits or to be sent by a browser on another site: batches,
// GraphQL over GET (queries and mutations), form and text bodies. Each is refused at the HTTP
// edge with its own code, before GraphQL runs and before any subgraph is called.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consents } from '../../db/schema/access.ts';
import {
  type AttackedSystem,
  codes,
  leaks,
  OTHER,
  startAttackedSystem,
  VICTIM,
} from './support.ts';

describe('request shapes', () => {
  let attacked: AttackedSystem;
  let citizen: Record<string, string>;
  beforeAll(async () => {
    attacked = await startAttackedSystem();
    const token = await attacked.system.token({ sub: VICTIM, cg_kind: 'citizen', eid_level: 2 });
    citizen = { authorization: `Bearer ${token}` };
  });
  afterAll(() => attacked?.stop());
  beforeEach(() => attacked.subgraphCalls.reset());

  const READ = `{ citizen(personalId: "${VICTIM}") { fullName } }`;
  const grant = (purpose: string) =>
    `mutation { grantConsent(personalId: "${VICTIM}", grantee: "vietcombank", scopes: [IDENTITY], purpose: "${purpose}", validUntil: "2030-01-01T00:00:00Z") { id } }`;

  const expectRefused = (
    answer: Awaited<ReturnType<AttackedSystem['send']>>,
    status: number,
    code: string,
  ) => {
    expect(answer.status).toBe(status);
    expect(codes(answer)).toEqual([code]);
    expect(leaks(answer, VICTIM, OTHER)).toBe(false);
    expect(attacked.subgraphCalls.calls).toBe(0);
  };

  it('refuses an array of operations with 400 BATCHING_NOT_SUPPORTED', async () => {
    const answer = await attacked.send({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...attacked.system.defaultHeaders },
      body: JSON.stringify([{ query: READ }, { query: READ }]),
    });
    expectRefused(answer, 400, 'BATCHING_NOT_SUPPORTED');
  });

  it('refuses a query over GET with 405 METHOD_NOT_ALLOWED and Allow: POST', async () => {
    const answer = await attacked.send({
      path: `/graphql?query=${encodeURIComponent(READ)}`,
      headers: attacked.system.defaultHeaders,
    });
    expectRefused(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('refuses a mutation over GET, and no consent is written', async () => {
    const purpose = `get-${randomUUID().slice(0, 8)}`;
    const answer = await attacked.send({
      path: `/graphql?query=${encodeURIComponent(grant(purpose))}`,
      headers: citizen,
    });
    expectRefused(answer, 405, 'METHOD_NOT_ALLOWED');
    const written = await attacked.system.database
      .drizzle()
      .select()
      .from(consents)
      .where(eq(consents.purpose, purpose));
    expect(written).toEqual([]);
  });

  it.each([
    ['text/plain', JSON.stringify({ query: READ })],
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(READ)}`],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${READ}\r\n--x--`,
    ],
  ])(
    'refuses a %s POST (what a form on another site sends) with 415 UNSUPPORTED_MEDIA_TYPE',
    async (type, body) => {
      const answer = await attacked.send({
        method: 'POST',
        headers: { 'content-type': type, ...attacked.system.defaultHeaders },
        body,
      });
      expectRefused(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('refuses a cross-site-shaped mutation as a form, and no consent is written', async () => {
    const purpose = `csrf-${randomUUID().slice(0, 8)}`;
    const answer = await attacked.send({
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...citizen },
      body: JSON.stringify({ query: grant(purpose) }),
    });
    expectRefused(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const written = await attacked.system.database
      .drizzle()
      .select()
      .from(consents)
      .where(eq(consents.purpose, purpose));
    expect(written).toEqual([]);
  });

  it('still serves the same mutation as one JSON POST (the refusals above are not blanket)', async () => {
    const answer = await attacked.post(
      grant(`post-${randomUUID().slice(0, 8)}`),
      undefined,
      citizen,
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(attacked.subgraphCalls.calls).toBeGreaterThan(0);
  });

  it('suggests field names in development (production hides them: production.test.ts)', async () => {
    const answer = await attacked.post(`{ citizen(personalId: "${VICTIM}") { fullNam } }`);
    expect(codes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.body.errors?.[0]?.message).toContain('Did you mean "fullName"');
  });
});
