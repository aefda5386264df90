import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthenticated } from '../errors.ts';
import { TtlCache } from '../ttlCache.ts';
import { uuidV7 } from '../uuidV7.ts';
import type { Caller, RequestIdentity } from './caller.ts';

/** The header that carries the gateway's token to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-gateway-token';
/** The header that carries the request's id beside the token, for the audit. */
export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const ISSUER = 'citizen-graph-gateway';
const LIFETIME_SECONDS = 60;
/** The gateway signs a new token for a caller when its last one has lived this long. */
const REUSE_MS = (LIFETIME_SECONDS / 2) * 1000;
const CLOCK_TOLERANCE_SECONDS = 5;
/** The only header these tokens ever have: nothing about the algorithm is left to the token. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Shorter secrets are refused: HMAC-SHA256 wants at least its own output length. */
export const MIN_SECRET_BYTES = 32;

/**
 * A subgraph's own key, derived from the gateway's secret: the gateway can sign for every
 * subgraph, a subgraph can verify (and so forge) tokens for itself only, and no key is shared
 * between two subgraphs.
 */
export function subgraphTokenKey(gatewaySecret: Buffer, subgraph: string): Buffer {
  if (gatewaySecret.length < MIN_SECRET_BYTES) {
    throw new Error(`the gateway token secret must hold at least ${MIN_SECRET_BYTES} bytes`);
  }
  return createHmac('sha256', gatewaySecret)
    .update(`citizen-graph/internal-token/${subgraph}`)
    .digest();
}

const mac = (key: Buffer, input: string) => createHmac('sha256', key).update(input).digest();

/** What a token says: who asks and why. The request's id travels beside it (REQUEST_ID_HEADER). */
export type TokenGrant = Omit<RequestIdentity, 'requestId'>;

/** A request id as given (by a client to the gateway, by the gateway to a subgraph), or a new one. */
export const requestIdFrom = (given: unknown): string =>
  typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidV7();

/**
 * The gateway's token for one subgraph: a compact JWS (HS256) whose audience is that subgraph. An
 * HMAC costs ~3 µs where an Ed25519 verification cost 63 µs on every fetch of every subgraph, and
 * per-subgraph keys keep what a signature gave: one subgraph cannot speak for the gateway to
 * another.
 */
export function signInternalToken(key: Buffer, subgraph: string, grant: TokenGrant): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    caller: grant.caller,
    purpose: grant.purpose,
    iss: ISSUER,
    aud: subgraph,
    iat: now,
    exp: now + LIFETIME_SECONDS,
  };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${mac(key, input).toString('base64url')}`;
}

/** Signs for any subgraph with keys derived once from the gateway's secret. */
export function internalTokenSigner(gatewaySecret: Buffer) {
  const keys = new Map<string, Buffer>();
  return (subgraph: string, grant: TokenGrant): string => {
    let key = keys.get(subgraph);
    if (!key) {
      key = subgraphTokenKey(gatewaySecret, subgraph);
      keys.set(subgraph, key);
    }
    return signInternalToken(key, subgraph, grant);
  };
}

/** More purposes than this in one caller's tokens start its set afresh (a purpose is the client's). */
const MAX_TOKENS_PER_CALLER = 64;

/**
 * Signs as `internalTokenSigner`, reusing a caller's token for a subgraph and purpose for half its
 * lifetime: a caller is the same object for as long as the gateway remembers its verified bearer
 * token, so its requests share one signature (and one verification at each subgraph) where each
 * request signed its own.
 */
export function reusingTokenSigner(gatewaySecret: Buffer) {
  const sign = internalTokenSigner(gatewaySecret);
  const byCaller = new WeakMap<Caller, Map<string, { token: string; renewAt: number }>>();
  return (subgraph: string, grant: TokenGrant): string => {
    let tokens = byCaller.get(grant.caller);
    if (!tokens || tokens.size >= MAX_TOKENS_PER_CALLER) {
      tokens = new Map();
      byCaller.set(grant.caller, tokens);
    }
    const key = `${subgraph} ${grant.purpose}`;
    const now = Date.now();
    const known = tokens.get(key);
    if (known && known.renewAt > now) return known.token;
    const token = sign(subgraph, grant);
    tokens.set(key, { token, renewAt: now + REUSE_MS });
    return token;
  };
}

const invalid = () => unauthenticated('The gateway token is invalid or expired.');

/** What a token grants, if the gateway signed it for this subgraph and it is current. */
export function verifyInternalToken(
  key: Buffer,
  subgraph: string,
  token: string | undefined,
): TokenGrant {
  return verified(key, subgraph, token).grant;
}

/**
 * Verifies as `verifyInternalToken` does, remembering each token it accepted until the token
 * expires: the gateway sends one token for many requests (`reusingTokenSigner`).
 */
export function internalTokenVerifier(
  key: Buffer,
  subgraph: string,
  cache = new TtlCache<TokenGrant>(10_000),
) {
  return (token: string | undefined): TokenGrant => {
    const known = token === undefined ? undefined : cache.get(token);
    if (known) return known;
    const { grant, expiresAt } = verified(key, subgraph, token);
    cache.set(token as string, grant, expiresAt);
    return grant;
  };
}

function verified(key: Buffer, subgraph: string, token: string | undefined) {
  if (!token) throw unauthenticated('Subgraphs answer only requests signed by the gateway.');
  const [header, body, signature, ...rest] = token.split('.');
  if (header !== HEADER || body === undefined || signature === undefined || rest.length > 0) {
    throw invalid();
  }
  const expected = mac(key, `${header}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const now = Date.now() / 1000;
  const { iss, aud, exp, iat, caller, purpose } = payload;
  if (
    iss !== ISSUER ||
    aud !== subgraph ||
    typeof exp !== 'number' ||
    typeof iat !== 'number' ||
    exp + CLOCK_TOLERANCE_SECONDS <= now ||
    iat - CLOCK_TOLERANCE_SECONDS > now ||
    exp - iat > LIFETIME_SECONDS
  ) {
    throw invalid();
  }
  const identityCaller = caller as Caller | undefined;
  if (!identityCaller || typeof identityCaller.kind !== 'string') {
    throw unauthenticated('The gateway token carries no caller.');
  }
  const grant = { caller: identityCaller, purpose: typeof purpose === 'string' ? purpose : null };
  return { grant, expiresAt: exp * 1000 };
}

/** A fresh gateway secret, as `npm run token -- gateway-secret` prints it. */
export const newTokenSecret = () => randomBytes(MIN_SECRET_BYTES).toString('base64url');

/** Reads a secret or key file: base64 or base64url text of at least MIN_SECRET_BYTES bytes. */
export function decodeSecret(text: string, what: string): Buffer {
  const bytes = Buffer.from(text.trim(), 'base64url');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Error(`${what} must be base64 of at least ${MIN_SECRET_BYTES} random bytes`);
  }
  return bytes;
}
