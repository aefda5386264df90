import { type CryptoKey, type JWTPayload, jwtVerify, type KeyObject, SignJWT } from 'jose';
import { codedError } from '../errors.ts';
import { TtlCache } from '../ttlCache.ts';
import type { Caller, RequestIdentity } from './caller.ts';

/** The header that carries the gateway's per-request token to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-gateway-token';
const ISSUER = 'citizen-graph-gateway';
const AUDIENCE = 'citizen-graph-subgraphs';
const ALGORITHM = 'EdDSA';
const TOKEN_LIFETIME_SECONDS = 60;

export type SigningKey = CryptoKey | KeyObject;

/** Signed once per client request; short-lived, so a captured token is soon worthless. */
export function signInternalToken(key: SigningKey, identity: RequestIdentity): Promise<string> {
  return new SignJWT({ caller: identity.caller, purpose: identity.purpose })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(identity.requestId)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
    .sign(key);
}

const unauthenticated = (message: string) =>
  codedError('UNAUTHENTICATED', message, { http: { status: 401 } });

/**
 * A verifier that remembers the tokens it accepted until they expire: one client request reaches a
 * subgraph process several times (several fetches, or several subgraphs in one process) with the
 * same token, and an Ed25519 verification is the most expensive step of a small request.
 */
export function internalTokenVerifier(
  key: SigningKey,
  cache = new TtlCache<RequestIdentity>(10_000),
) {
  return async (token: string | undefined): Promise<RequestIdentity> => {
    const known = token ? cache.get(token) : undefined;
    if (known) return known;
    const { identity, expiresAt } = await verify(key, token);
    cache.set(token as string, identity, expiresAt);
    return identity;
  };
}

export async function verifyInternalToken(
  key: SigningKey,
  token: string | undefined,
): Promise<RequestIdentity> {
  return (await verify(key, token)).identity;
}

async function verify(key: SigningKey, token: string | undefined) {
  if (!token) throw unauthenticated('Subgraphs answer only requests signed by the gateway.');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      clockTolerance: 5,
      maxTokenAge: '90s',
    }));
  } catch {
    throw unauthenticated('The gateway token is invalid or expired.');
  }
  const caller = payload.caller as Caller | undefined;
  if (
    !caller ||
    typeof caller.kind !== 'string' ||
    typeof payload.jti !== 'string' ||
    typeof payload.exp !== 'number'
  ) {
    throw unauthenticated('The gateway token carries no caller.');
  }
  const identity: RequestIdentity = {
    caller,
    purpose: typeof payload.purpose === 'string' ? payload.purpose : null,
    requestId: payload.jti,
  };
  return { identity, expiresAt: payload.exp * 1000 };
}
