import { type CryptoKey, type JWTPayload, jwtVerify, type KeyObject, SignJWT } from 'jose';
import { codedError } from '../errors.ts';
import type { Caller, RequestIdentity } from './caller.ts';

/** The header that carries the gateway's per-request token to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-gateway-token';
const ISSUER = 'citizen-graph-gateway';
const AUDIENCE = 'citizen-graph-subgraphs';
const ALGORITHM = 'EdDSA';

export type SigningKey = CryptoKey | KeyObject;

/** Signed once per client request; short-lived, so a captured token is soon worthless. */
export function signInternalToken(key: SigningKey, identity: RequestIdentity): Promise<string> {
  return new SignJWT({ caller: identity.caller, purpose: identity.purpose })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(identity.requestId)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key);
}

const unauthenticated = (message: string) =>
  codedError('UNAUTHENTICATED', message, { http: { status: 401 } });

export async function verifyInternalToken(
  key: SigningKey,
  token: string | undefined,
): Promise<RequestIdentity> {
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
  if (!caller || typeof caller.kind !== 'string' || typeof payload.jti !== 'string') {
    throw unauthenticated('The gateway token carries no caller.');
  }
  return {
    caller,
    purpose: typeof payload.purpose === 'string' ? payload.purpose : null,
    requestId: payload.jti,
  };
}
