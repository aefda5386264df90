import type { CryptoKey } from 'jose';

const SIGN_PARAMS = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
} as const;

/**
 * A JWS signature (base64url) over `header.payload` as @sd-jwt's signers are asked for it. WebCrypto
 * gives ECDSA as r‖s, which is JWS's own form.
 */
export async function signInput(
  alg: keyof typeof SIGN_PARAMS,
  key: CryptoKey,
  data: string,
): Promise<string> {
  const signature = await crypto.subtle.sign(SIGN_PARAMS[alg], key, Buffer.from(data));
  return Buffer.from(signature).toString('base64url');
}
