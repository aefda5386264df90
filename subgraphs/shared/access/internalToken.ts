import { KeyObject, sign, verify } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { unauthenticated } from '../errors.ts';
import { TtlCache } from '../ttlCache.ts';
import type { Caller, RequestIdentity } from './caller.ts';

/** The header that carries the gateway's per-request token to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-gateway-token';
const ISSUER = 'citizen-graph-gateway';
const AUDIENCE = 'citizen-graph-subgraphs';
const LIFETIME_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 5;
/** The only header these tokens ever have: nothing about the algorithm is left to the token. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

export type SigningKey = CryptoKey | KeyObject;

const keyObject = (key: SigningKey): KeyObject =>
  key instanceof KeyObject ? key : KeyObject.from(key);

/**
 * The gateway's per-request token: a compact JWS (EdDSA) signed and verified with node:crypto
 * directly — both ends are ours, and it costs half of what a general JWT library does, on every
 * request of every subgraph. Caller tokens from outside are verified with jose (gateway/auth).
 */
export async function signInternalToken(
  key: SigningKey,
  identity: RequestIdentity,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    caller: identity.caller,
    purpose: identity.purpose,
    iss: ISSUER,
    aud: AUDIENCE,
    jti: identity.requestId,
    iat: now,
    exp: now + LIFETIME_SECONDS,
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), keyObject(key)).toString('base64url')}`;
}

/**
 * A verifier that remembers the tokens it accepted until they expire: one client request can
 * reach a subgraph several times with the same token.
 */
export function internalTokenVerifier(
  key: SigningKey,
  cache = new TtlCache<RequestIdentity>(10_000),
) {
  const publicKey = keyObject(key);
  return async (token: string | undefined): Promise<RequestIdentity> => {
    const known = token ? cache.get(token) : undefined;
    if (known) return known;
    const { identity, expiresAt } = check(publicKey, token);
    cache.set(token as string, identity, expiresAt);
    return identity;
  };
}

export async function verifyInternalToken(
  key: SigningKey,
  token: string | undefined,
): Promise<RequestIdentity> {
  return check(keyObject(key), token).identity;
}

function check(key: KeyObject, token: string | undefined) {
  if (!token) throw unauthenticated('Subgraphs answer only requests signed by the gateway.');
  const [header, body, signature, ...rest] = token.split('.');
  const signed =
    header === HEADER &&
    body !== undefined &&
    signature !== undefined &&
    rest.length === 0 &&
    verify(null, Buffer.from(`${header}.${body}`), key, Buffer.from(signature, 'base64url'));
  if (!signed) throw unauthenticated('The gateway token is invalid or expired.');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(body as string, 'base64url').toString('utf8'));
  } catch {
    throw unauthenticated('The gateway token is invalid or expired.');
  }
  const now = Date.now() / 1000;
  const { iss, aud, exp, iat, jti, caller, purpose } = payload;
  if (
    iss !== ISSUER ||
    aud !== AUDIENCE ||
    typeof exp !== 'number' ||
    typeof iat !== 'number' ||
    exp + CLOCK_TOLERANCE_SECONDS <= now ||
    iat - CLOCK_TOLERANCE_SECONDS > now ||
    exp - iat > LIFETIME_SECONDS
  ) {
    throw unauthenticated('The gateway token is invalid or expired.');
  }
  const identityCaller = caller as Caller | undefined;
  if (!identityCaller || typeof identityCaller.kind !== 'string' || typeof jti !== 'string') {
    throw unauthenticated('The gateway token carries no caller.');
  }
  const identity: RequestIdentity = {
    caller: identityCaller,
    purpose: typeof purpose === 'string' ? purpose : null,
    requestId: jti,
  };
  return { identity, expiresAt: exp * 1000 };
}
