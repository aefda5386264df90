import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Caller } from '../../kernel/access/caller.ts';
import { AUDIENCE, DEV_ISSUER, type DevKeys } from '../../kernel/devKeys.ts';
import { unauthenticated } from '../../kernel/errors.ts';
import { TtlCache } from '../../kernel/ttlCache.ts';
import { callerFromClaims, InvalidClaims } from './claims.ts';
import { DEFAULT_TOKEN_LIFETIMES, type TokenLifetimes } from './tokenLifetimes.ts';

export interface TrustedIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

export interface IssuerConfig {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  jwksFile?: string;
}

const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
/** Clocks drift; more than this is a stale or forged token. */
const CLOCK_TOLERANCE_SECONDS = 30;

export function trustedIssuer(config: IssuerConfig): TrustedIssuer {
  const keys = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
      })
    : config.jwksFile
      ? createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, 'utf8')) as JSONWebKeySet)
      : undefined;
  if (!keys) throw new Error(`issuer ${config.issuer}: set jwksUrl or jwksFile`);
  return { issuer: config.issuer, audience: config.audience, keys };
}

/** A verified caller is remembered at most this long, so a key withdrawn from a JWKS soon bites. */
const REMEMBER_MS = 60_000;

/**
 * Verifies a caller's bearer token against the issuer it names, if that issuer is trusted, and
 * remembers a verified token until it expires (at most a minute): clients reuse their tokens.
 */
export function authenticator(
  issuers: TrustedIssuer[],
  lifetimes: TokenLifetimes = DEFAULT_TOKEN_LIFETIMES,
  cache = new TtlCache<Caller>(50_000),
) {
  return async (authorization: string | undefined): Promise<Caller> => {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
    if (!match?.[1])
      throw unauthenticated('A bearer token is required (Authorization: Bearer <JWT>).');
    const token = match[1];
    const known = cache.get(token);
    if (known) return known;
    const { caller, expiresAt } = await verify(token, issuers, lifetimes);
    cache.set(token, caller, Math.min(expiresAt, Date.now() + REMEMBER_MS));
    return caller;
  };
}

/** jose's refusals, by error code and claim, as the reason a client is told. */
function refusalReason(error: { code?: string; claim?: string }): string {
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return 'TOKEN_EXPIRED';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return error.claim === 'aud'
        ? 'TOKEN_WRONG_AUDIENCE'
        : error.claim === 'nbf'
          ? 'TOKEN_NOT_YET_VALID'
          : 'TOKEN_CLAIM_INVALID';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'TOKEN_ALGORITHM_REFUSED';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'TOKEN_SIGNATURE_INVALID';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'TOKEN_KEY_UNKNOWN';
    default:
      return 'TOKEN_INVALID';
  }
}

async function verify(token: string, issuers: TrustedIssuer[], lifetimes: TokenLifetimes) {
  let iss: string | undefined;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw unauthenticated('The bearer token is not a JWT.', 'TOKEN_INVALID');
  }
  const issuer = issuers.find((i) => i.issuer === iss);
  if (!issuer)
    throw unauthenticated(
      `The token's issuer ${iss ?? '(none)'} is not trusted.`,
      'TOKEN_ISSUER_UNTRUSTED',
    );
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, issuer.keys, {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_JWT_INVALID';
    throw unauthenticated(`The token was refused (${code}).`, refusalReason(error as never));
  }
  const iat = payload.iat as number;
  const exp = payload.exp as number;
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
    throw unauthenticated('The token was issued in the future.', 'TOKEN_ISSUED_IN_FUTURE');
  let caller: Caller;
  try {
    caller = callerFromClaims(payload);
  } catch (error) {
    if (!(error instanceof InvalidClaims)) throw error;
    throw unauthenticated(
      `The token's claims are invalid: ${error.message}.`,
      'TOKEN_CLAIM_INVALID',
    );
  }
  const longest = lifetimes[caller.kind];
  if (exp - iat > longest)
    throw unauthenticated(
      `The token lives ${exp - iat} s; a ${caller.kind} token may live at most ${longest} s.`,
      'TOKEN_LIFETIME_TOO_LONG',
    );
  return { caller, expiresAt: exp * 1000 };
}

/** The development issuer, trusted when no TRUSTED_ISSUERS are configured (never in production). */ export function devIssuer(
  keys: DevKeys,
): TrustedIssuer {
  return {
    issuer: DEV_ISSUER,
    audience: AUDIENCE,
    keys: createLocalJWKSet({ keys: [keys.issuerPublicJwk] }),
  };
}
