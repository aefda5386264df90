import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** The algorithms a holder's key may use: those the gateway signs with too. */
export type HolderAlg = 'ES256' | 'EdDSA';

/** A holder's public key as a credential's `cnf.jwk` carries it: public members only. */
export interface HolderKey {
  alg: HolderAlg;
  jwk: { kty: string; crv: string; x: string; y?: string };
}

/** A holder key that cannot be used, with what is wrong (INVALID_HOLDER_KEY). */
export class HolderKeyRefused extends Error {}

function algOf(jwk: Record<string, unknown>): HolderAlg | undefined {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.y === 'string') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

/**
 * A holder's public JWK, checked: ES256 (P-256) or EdDSA (Ed25519), a point the key import
 * accepts, and no private member — a citizen's wallet key must never reach the gateway.
 */
export async function holderKeyOf(value: unknown): Promise<HolderKey> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new HolderKeyRefused('holderKey must be a public JWK object');
  const jwk = value as Record<string, unknown>;
  if ('d' in jwk) throw new HolderKeyRefused('holderKey holds a private key: send its public part');
  const alg = algOf(jwk);
  if (alg === undefined || typeof jwk.x !== 'string')
    throw new HolderKeyRefused('holderKey must be an ES256 (EC P-256) or EdDSA (OKP Ed25519) key');
  const key: HolderKey['jwk'] = { kty: String(jwk.kty), crv: String(jwk.crv), x: jwk.x };
  if (alg === 'ES256') key.y = String(jwk.y);
  try {
    await importJWK(key, alg);
  } catch {
    throw new HolderKeyRefused('holderKey is not a valid key of its curve');
  }
  return { alg, jwk: key };
}

/** A credential's `cnf` claim, as issued: `{ jwk }`, or nothing for an unbound credential. */
export async function holderKeyFromCnf(cnf: unknown): Promise<HolderKey | undefined> {
  if (cnf === undefined) return undefined;
  return holderKeyOf((cnf as { jwk?: unknown } | null)?.jwk);
}

/** A fresh holder key pair, for a wallet (or `npm run share -- key`): the private JWK and its public part. */
export async function newHolderKey(alg: HolderAlg = 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), alg },
    publicJwk: await exportJWK(publicKey),
  };
}

/** The holder's private key from its JWK, with its algorithm. */
export async function holderSigningKey(
  privateJwk: JWK,
): Promise<{ alg: HolderAlg; key: CryptoKey }> {
  const alg = algOf(privateJwk as Record<string, unknown>);
  if (alg === undefined || typeof privateJwk.d !== 'string')
    throw new HolderKeyRefused('the key file must hold a private ES256 or EdDSA JWK');
  return { alg, key: (await importJWK(privateJwk, alg)) as CryptoKey };
}
