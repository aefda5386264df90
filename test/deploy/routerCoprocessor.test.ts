// The token coprocessor behind Apollo Router, over real HTTP: it keeps X-Purpose between stages
// and, from the claims the Router verified, signs each subgraph the token that subgraph's own
// check (verifyInternalToken) accepts — for that subgraph only; without a caller it stops.
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JWT_CLAIMS,
  PURPOSE_ENTRY,
  type StagePayload,
  tokenCoprocessorServer,
  tokenStages,
} from '../../deploy/router/tokenCoprocessor.ts';
import {
  INTERNAL_TOKEN_HEADER,
  REQUEST_ID_HEADER,
  subgraphTokenKey,
  verifyInternalToken,
} from '../../kernel/access/internalToken.ts';
import {
  AUDIENCE,
  DEV_ISSUER,
  type DevKeys,
  generateDevKeys,
  signDevToken,
} from '../../kernel/devKeys.ts';

const CITIZEN = '086175128486';
const REQUEST_ID = '0193a0c4-5b1e-7000-8000-000000000001';

describe('the token coprocessor', () => {
  let keys: DevKeys;
  let server: ReturnType<typeof tokenCoprocessorServer>;
  let url: string;

  const stage = async (payload: Partial<StagePayload>): Promise<StagePayload> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, control: 'continue', id: REQUEST_ID, ...payload }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as StagePayload;
  };
  const claimsOf = async (claims: Record<string, unknown>, expiresIn?: string) =>
    decodeJwt(await signDevToken(keys, claims, expiresIn));
  /** RouterRequest, then SubgraphRequest with the context the Router carries between them. */
  const subgraphRequest = async (purpose: string, claims: unknown, serviceName = 'tax') => {
    const routed = await stage({ stage: 'RouterRequest', headers: { 'x-purpose': [purpose] } });
    const entries = { ...routed.context?.entries, [JWT_CLAIMS]: claims };
    return stage({ stage: 'SubgraphRequest', serviceName, headers: {}, context: { entries } });
  };

  beforeAll(async () => {
    keys = await generateDevKeys();
    server = tokenCoprocessorServer(
      tokenStages({
        gatewaySecret: keys.gatewaySecret,
        issuers: [{ issuer: DEV_ISSUER, audience: AUDIENCE }],
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('signs the subgraph a token its own check accepts, with the caller and the purpose', async () => {
    const claims = await claimsOf({ sub: CITIZEN, cg_kind: 'citizen', eid_level: 2 });
    const answer = await subgraphRequest('tax-refund', claims);
    expect(answer.control).toBe('continue');
    const token = answer.headers?.[INTERNAL_TOKEN_HEADER]?.[0];
    const identity = verifyInternalToken(subgraphTokenKey(keys.gatewaySecret, 'tax'), 'tax', token);
    expect(identity).toEqual({
      caller: { kind: 'citizen', personalId: CITIZEN, level: 2 },
      purpose: 'tax-refund',
    });
    expect(answer.headers?.[REQUEST_ID_HEADER]).toEqual([REQUEST_ID]);
    expect(() =>
      verifyInternalToken(subgraphTokenKey(keys.gatewaySecret, 'population'), 'population', token),
    ).toThrow(/invalid or expired/);
  });

  it('keeps the purpose in the context at the router stage, and refuses a malformed one', async () => {
    const routed = await stage({ stage: 'RouterRequest', headers: { 'x-purpose': ['audit'] } });
    expect(routed.context?.entries[PURPOSE_ENTRY]).toBe('audit');
    const refused = await stage({ stage: 'RouterRequest', headers: { 'x-purpose': ['a b;'] } });
    expect(refused.control).toEqual({ break: 400 });
  });

  it.each([
    ['no verified claims', undefined, 'TOKEN_MISSING'],
    [
      'claims naming no kind of caller',
      { iss: DEV_ISSUER, aud: AUDIENCE, sub: 'x', iat: 1, exp: 2 },
      'TOKEN_CLAIM_INVALID',
    ],
    [
      'an untrusted issuer',
      { iss: 'https://elsewhere', aud: AUDIENCE, cg_kind: 'analyst', sub: 'a' },
      'TOKEN_ISSUER_UNTRUSTED',
    ],
    [
      'another audience',
      { iss: DEV_ISSUER, aud: 'another-api', cg_kind: 'analyst', sub: 'a' },
      'TOKEN_WRONG_AUDIENCE',
    ],
  ])('stops a request with %s', async (_, claims, reason) => {
    const answer = await subgraphRequest('tax-refund', claims);
    expect(answer.control).toEqual({ break: 401 });
    expect(answer.headers?.[INTERNAL_TOKEN_HEADER]).toBeUndefined();
    expect(JSON.stringify(answer.body)).toContain(reason);
  });

  it('refuses a caller token living longer than its kind may, as the gateway does', async () => {
    const claims = await claimsOf({ sub: 'bank', cg_kind: 'third_party' }, '2h');
    const answer = await subgraphRequest('open-account', claims);
    expect(answer.control).toEqual({ break: 401 });
    expect(JSON.stringify(answer.body)).toContain('TOKEN_LIFETIME_TOO_LONG');
  });

  it('signs for no subgraph the system does not have', async () => {
    const claims = await claimsOf({ sub: CITIZEN, cg_kind: 'citizen', eid_level: 1 });
    const answer = await subgraphRequest('tax-refund', claims, 'elsewhere');
    expect(answer.control).toEqual({ break: 500 });
    expect(answer.headers?.[INTERNAL_TOKEN_HEADER]).toBeUndefined();
  });
});
