import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { SHARE_FIELD_NAMES } from '../../kernel/shareFields.ts';
import type { SigningKeys } from '../signing/signingKeys.ts';

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
}

/** Why a presented credential is refused: each its own code. */
export class CredentialRefused extends Error {
  constructor(
    readonly code: 'CREDENTIAL_INVALID' | 'CREDENTIAL_EXPIRED' | 'UNKNOWN_SHARE_FIELD',
    message: string,
  ) {
    super(message);
  }
}

const hashing = { hasher: digest, hashAlg: 'sha-256' as const, saltGenerator: generateSalt };

const SIGN_PARAMS = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
} as const;

/** Signs an SD-JWT VC with the gateway's first signing key, its `kid` in the header. */
export async function issueShareCredential(keys: SigningKeys, claims: ShareClaims) {
  const sdjwt = new SDJwtVcInstance({
    ...hashing,
    signAlg: keys.alg,
    signer: async (data) => {
      const params = SIGN_PARAMS[keys.alg];
      const signature = await crypto.subtle.sign(params, keys.privateKey, Buffer.from(data));
      return Buffer.from(signature).toString('base64url');
    },
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
  const sdjwt = new SDJwtVcInstance(hashing);
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

export interface VerifiedShare {
  id: string;
  personalId: string;
  audience: string;
  issuedAt: Date;
  expiresAt: Date;
  /** The claims the holder disclosed, and only those. */
  disclosed: Record<string, unknown>;
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
  const keySet = createLocalJWKSet(jwks);
  const sdjwt = new SDJwtVcInstance({
    ...hashing,
    verifier: async (data, signature) => {
      try {
        await compactVerify(`${data}.${signature}`, keySet);
        return true;
      } catch {
        return false;
      }
    },
  });
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
  const { iss, vct, jti, sub, aud, iat, exp, ...rest } = payload;
  if (iss !== SHARE_ISSUER || vct !== SHARE_VCT || typeof jti !== 'string')
    throw new CredentialRefused('CREDENTIAL_INVALID', 'this is not a share credential');
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
  };
}
