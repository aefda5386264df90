import type { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { SHARE_FIELD_NAMES } from '../../kernel/shareFields.ts';
import { signInput } from '../signing/signInput.ts';
import type { SigningKeys } from '../signing/signingKeys.ts';
import { type HolderKey, holderKeyFromCnf } from './holderKey.ts';
import { sdJwtVc } from './sdJwt.ts';

/** Who issues share credentials and what type they are (`iss` and `vct`). */
export const SHARE_ISSUER = 'https://citizengraph.vn';
export const SHARE_VCT = 'https://citizengraph.vn/credentials/share/v1';

export interface ShareClaims {
  /** The credential's id (`jti`), as recorded in access.share_credentials. */
  id: string;
  personalId: string;
  audience: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Claim name → value; each becomes a selectively disclosable claim. */
  fields: Record<string, unknown>;
  /** The holder's public key, when the citizen gave one: `cnf.jwk`, binding presentations to it. */
  holderKey?: HolderKey | undefined;
}

/** Why a presented credential is refused: each its own code (keyBinding.ts adds the holder's). */
export type CredentialRefusal =
  | 'CREDENTIAL_INVALID'
  | 'CREDENTIAL_EXPIRED'
  | 'UNKNOWN_SHARE_FIELD'
  | 'KEY_BINDING_REQUIRED'
  | 'KEY_BINDING_INVALID'
  | 'KEY_BINDING_WRONG_KEY'
  | 'KEY_BINDING_WRONG_AUDIENCE'
  | 'KEY_BINDING_STALE'
  | 'KEY_BINDING_SD_HASH_MISMATCH';

export class CredentialRefused extends Error {
  constructor(
    readonly code: CredentialRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Signs an SD-JWT VC with the gateway's first signing key, its `kid` in the header. */
export async function issueShareCredential(keys: SigningKeys, claims: ShareClaims) {
  const sdjwt = await sdJwtVc({
    signAlg: keys.alg,
    signer: (data) => signInput(keys.alg, keys.privateKey, data),
  });
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const payload = {
    iss: SHARE_ISSUER,
    vct: SHARE_VCT,
    jti: claims.id,
    sub: claims.personalId,
    aud: claims.audience,
    iat: seconds(claims.issuedAt),
    exp: seconds(claims.expiresAt),
    ...(claims.holderKey ? { cnf: { jwk: claims.holderKey.jwk } } : {}),
    ...claims.fields,
  };
  return sdjwt.issue(
    payload,
    { _sd: Object.keys(claims.fields) as never[] },
    { header: { kid: keys.kid } },
  );
}

/** The holder's side: the same credential with only the named claims' disclosures. */
export async function discloseOnly(credential: string, names: string[]): Promise<string> {
  const sdjwt = await sdJwtVc();
  const offered = await presentable(sdjwt, credential);
  const missing = names.find((n) => !offered.includes(n));
  if (missing !== undefined)
    throw new CredentialRefused('UNKNOWN_SHARE_FIELD', `the credential holds no "${missing}"`);
  return sdjwt.present(credential, Object.fromEntries(names.map((n) => [n, true])));
}

async function presentable(sdjwt: SDJwtVcInstance, credential: string): Promise<string[]> {
  try {
    return await sdjwt.presentableKeys(credential);
  } catch {
    throw new CredentialRefused('CREDENTIAL_INVALID', 'this is not an SD-JWT credential');
  }
}

/** The issuer's signature checked against the published keys, by the `kid` in its header. */
export function issuerVerifier(jwks: JSONWebKeySet) {
  const keySet = createLocalJWKSet(jwks);
  return async (data: string, signature: string) => {
    try {
      await compactVerify(`${data}.${signature}`, keySet);
      return true;
    } catch {
      return false;
    }
  };
}

export interface VerifiedShare {
  id: string;
  personalId: string;
  audience: string;
  issuedAt: Date;
  expiresAt: Date;
  /** The claims the holder disclosed, and only those. */
  disclosed: Record<string, unknown>;
  /** Set for a bound credential: a presentation must carry a key-binding JWT signed by it. */
  holderKey: HolderKey | undefined;
}

/**
 * Checks a presented credential with the published keys alone: signature (by `kid`), every
 * disclosure's digest, issuer, type and expiry. Audience and revocation are the caller's to check.
 */
export async function verifyShareCredential(
  jwks: JSONWebKeySet,
  credential: string,
  now = new Date(),
): Promise<VerifiedShare> {
  const sdjwt = await sdJwtVc({ verifier: issuerVerifier(jwks) });
  let payload: Record<string, unknown>;
  try {
    // Time is checked below, after the signature, so that an expired credential is told apart
    // from a forged one: the library's own check runs first and says only "expired".
    ({ payload } = (await sdjwt.verify(credential, { skewSeconds: Number.MAX_SAFE_INTEGER })) as {
      payload: Record<string, unknown>;
    });
    // The library skips a disclosure no digest refers to; a credential carrying one was altered.
    const { jwt, disclosures = [] } = await sdjwt.decode(credential);
    const digests = new Set((jwt?.payload?._sd as string[] | undefined) ?? []);
    if (disclosures.some((d) => d._digest === undefined || !digests.has(d._digest)))
      throw new Error('a disclosure the issuer did not sign');
  } catch {
    throw new CredentialRefused(
      'CREDENTIAL_INVALID',
      'the credential or one of its disclosures is not as the gateway signed it',
    );
  }
  const { iss, vct, jti, sub, aud, iat, exp, cnf, ...rest } = payload;
  if (iss !== SHARE_ISSUER || vct !== SHARE_VCT || typeof jti !== 'string')
    throw new CredentialRefused('CREDENTIAL_INVALID', 'this is not a share credential');
  const holderKey = await holderKeyFromCnf(cnf).catch(() => {
    throw new CredentialRefused('CREDENTIAL_INVALID', 'its cnf claim holds no usable key');
  });
  if (typeof exp !== 'number' || exp * 1000 <= now.getTime())
    throw new CredentialRefused('CREDENTIAL_EXPIRED', 'this credential has expired');
  // In the catalogue's order, whatever order the disclosures came in.
  const disclosed = Object.fromEntries(
    SHARE_FIELD_NAMES.filter((name) => name in rest).map((name) => [name, rest[name]]),
  );
  return {
    id: jti,
    personalId: String(sub),
    audience: String(aud),
    issuedAt: new Date(Number(iat) * 1000),
    expiresAt: new Date(exp * 1000),
    disclosed,
    holderKey,
  };
}
