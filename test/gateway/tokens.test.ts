// Caller tokens a hostile client might try at the gateway, and calls around the gateway straight to
// a subgraph: each refused with UNAUTHENTICATED and the precise reason, no data in the answer and
// no subgraph reading anything on its behalf (no audit record under its request id).
import { randomBytes } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { tokenLifetimes } from '../../gateway/auth/tokenLifetimes.ts';
import { signInternalToken, subgraphTokenKey } from '../../kernel/access/internalToken.ts';
import { AUDIENCE, DEV_ISSUER, type DevKeys, generateDevKeys } from '../../kernel/devKeys.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { type FaultSystem, startFaultSystem } from '../support/faultSystem.ts';
import type { GraphQLResponse } from '../support/testSystem.ts';

const url = inject('testDatabaseUrl');
const subject = samplePersonalIds(TEST_POPULATION)[0]?.personalId as string;
const citizen = { sub: subject, cg_kind: 'citizen', eid_level: 2 };
const now = () => Math.floor(Date.now() / 1000);

function sign(
  keys: DevKeys,
  claims: JWTPayload,
  times: { iat: number; exp: number },
  aud = AUDIENCE,
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'dev-issuer' })
    .setIssuer(DEV_ISSUER)
    .setAudience(aud)
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp)
    .sign(keys.issuerPrivate);
}

const unsigned = (claims: JWTPayload) =>
  [
    Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    '',
  ].join('.');

describe('token lifetimes configuration', () => {
  it('overrides the defaults per caller kind and names the variable when malformed', () => {
    expect(tokenLifetimes('{"agency":900}').agency).toBe(900);
    expect(tokenLifetimes('{"agency":900}').citizen).toBe(3_600);
    expect(() => tokenLifetimes('{"robot":60}')).toThrow(/TOKEN_MAX_LIFETIMES names an unknown/);
    expect(() => tokenLifetimes('{"citizen":-1}')).toThrow(/TOKEN_MAX_LIFETIMES needs a positive/);
    expect(() => tokenLifetimes('90')).toThrow(/TOKEN_MAX_LIFETIMES must be an object/);
  });
});

describe.skipIf(!url)('refused tokens', () => {
  let database: Database;
  let system: FaultSystem;
  beforeAll(async () => {
    database = openDatabase({ url: url as string, poolSize: 2 });
    system = await startFaultSystem({ database, audit: database });
  });
  afterAll(async () => {
    await system?.stop();
    await database?.close();
  });

  const QUERY = `query ($id: ID!) { citizen(personalId: $id) { fullName tax { taxOffice } } }`;
  async function askWith(token: string) {
    const requestId = `tokens-${randomBytes(8).toString('hex')}`;
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: QUERY, variables: { id: subject } }),
    });
    return { status: response.status, requestId, body: (await response.json()) as GraphQLResponse };
  }

  const cases: [string, (keys: DevKeys) => Promise<string> | string, string][] = [
    [
      'forged (signed by another key)',
      async () => sign(await generateDevKeys(), citizen, { iat: now(), exp: now() + 600 }),
      'TOKEN_SIGNATURE_INVALID',
    ],
    [
      'expired',
      (keys) => sign(keys, citizen, { iat: now() - 900, exp: now() - 120 }),
      'TOKEN_EXPIRED',
    ],
    [
      'issued in the future beyond the clock skew',
      (keys) => sign(keys, citizen, { iat: now() + 300, exp: now() + 900 }),
      'TOKEN_ISSUED_IN_FUTURE',
    ],
    [
      'living longer than a citizen token may',
      (keys) => sign(keys, citizen, { iat: now(), exp: now() + 2 * 3_600 }),
      'TOKEN_LIFETIME_TOO_LONG',
    ],
    [
      'for another audience',
      (keys) => sign(keys, citizen, { iat: now(), exp: now() + 600 }, 'another-api'),
      'TOKEN_WRONG_AUDIENCE',
    ],
    [
      'unsigned (alg: none)',
      () => unsigned({ ...citizen, iss: DEV_ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 }),
      'TOKEN_ALGORITHM_REFUSED',
    ],
  ];

  it.each(cases)('refuses a token %s', async (_, make, reason) => {
    const { status, requestId, body } = await askWith(await make(system.keys));
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
    expect((await system.audited([requestId])).size).toBe(0);
  });

  it('accepts a lifetime one kind of caller may have and another may not', async () => {
    const analyst = await sign(
      system.keys,
      { sub: 'gso', cg_kind: 'analyst' },
      { iat: now(), exp: now() + 2 * 3_600 },
    );
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses calls straight to a subgraph without the gateway signature, _entities included', async () => {
    const entities = `{ _entities(representations: [{ __typename: "Citizen", personalId: "${subject}" }]) { ... on Citizen { personalId } } }`;
    const population = subgraphTokenKey(system.keys.gatewaySecret, 'population');
    for (const [name, subgraphUrl] of Object.entries(system.subgraphUrls)) {
      const requestId = `direct-${name}-${randomBytes(6).toString('hex')}`;
      const identity = {
        caller: { kind: 'agency' as const, clientId: 'intruder', scopes: [] },
        purpose: 'integration-test',
      };
      const attempts: Record<string, string | undefined> = {
        none: undefined,
        forged: signInternalToken(randomBytes(32), name, identity),
        // A genuine token, but for population: valid nowhere else, and population's key cannot
        // have signed one for another subgraph.
        ...(name === 'population'
          ? {}
          : { otherSubgraph: signInternalToken(population, 'population', identity) }),
      };
      for (const [attempt, token] of Object.entries(attempts)) {
        for (const query of [entities, '{ _service { sdl } }']) {
          const response = await fetch(subgraphUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-request-id': requestId,
              ...(token ? { 'x-gateway-token': token } : {}),
            },
            body: JSON.stringify({ query }),
          });
          const body = (await response.json()) as GraphQLResponse;
          expect([name, attempt, response.status]).toEqual([name, attempt, 401]);
          expect(body.data ?? null).toBeNull();
          expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        }
      }
      expect((await system.audited([requestId])).size).toBe(0);
    }
  });
});
