// The gateway's HTTP edge: bodies it refuses before GraphQL runs, and its health probe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { backends } from '../support/backends.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

/** The code of the first error a response carries. */
const firstErrorCode = async (response: Response) =>
  ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions
    .code;

describe('gateway HTTP edge', () => {
  let system: TestSystem;
  // One request at a time and one waiting, so the test can fill both places itself.
  const limit = new InFlightLimit(1, 1);
  beforeAll(async () => {
    system = await startTestSystem(backends()[0] as never, { limit });
  });
  afterAll(() => system?.stop());

  const post = (body: string) =>
    fetch(system.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.defaultHeaders },
      body,
    });

  it('queues requests past its in-flight limit, and sheds them with 503 OVERLOADED once the queue is full', async () => {
    expect(limit.acquire()).toBe(true); // the test holds the only running place
    const waiting = post(JSON.stringify({ query: '{ __typename }' }));
    await expect.poll(() => limit.queued).toBe(1);
    const shed = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(await firstErrorCode(shed)).toBe('OVERLOADED');
    limit.release(); // the queued request runs now
    const served = await waiting;
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { __typename: 'Query' } });
    const after = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(after.status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 and PAYLOAD_TOO_LARGE', async () => {
    const response = await post(
      JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }),
    );
    expect(response.status).toBe(413);
    expect(await firstErrorCode(response)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400 and BAD_REQUEST', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(await firstErrorCode(response)).toBe('BAD_REQUEST');
  });

  it('refuses a query that does not parse with GRAPHQL_PARSE_FAILED', async () => {
    const response = await post(JSON.stringify({ query: '{ citizen(' }));
    expect(response.status).toBe(400);
    expect(await firstErrorCode(response)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers the health probe', async () => {
    const response = await fetch(system.url.replace('/graphql', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  });
});
