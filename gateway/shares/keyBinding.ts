import { compactVerify, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { signInput } from '../signing/signInput.ts';
import { type HolderKey, holderKeyFromCnf, holderSigningKey } from './holderKey.ts';
import { sdJwtVc } from './sdJwt.ts';
import { CredentialRefused, issuerVerifier } from './shareCredential.ts';

/** How old a key-binding JWT may be: it is made when the holder shows the credential. */
export const KEY_BINDING_MAX_AGE_SECONDS = 120;
/** How far ahead of the gateway's clock a holder's `iat` may be. */
export const KEY_BINDING_CLOCK_SKEW_SECONDS = 30;

/** What a holder binds a presentation to: the grantee that will present it and its nonce. */
export interface BindingRequest {
  audience: string;
  nonce: string;
  /** Claims to keep; unset, the ones the credential already discloses. */
  disclose?: string[] | undefined;
  now?: Date;
}

/**
 * The holder's side: the credential with only the named claims' disclosures and a key-binding JWT
 * (`typ: kb+jwt`) over exactly them, signed with the holder's private key.
 */
export async function bindPresentation(
  credential: string,
  privateJwk: JWK,
  { audience, nonce, disclose, now = new Date() }: BindingRequest,
): Promise<string> {
  const { alg, key } = await holderSigningKey(privateJwk);
  const sdjwt = await sdJwtVc({
    kbSignAlg: alg,
    kbSigner: (data) => signInput(alg, key, data),
  });
  const [withoutBinding = ''] = credential.split(/~(?=[^~]*$)/);
  const unbound = `${withoutBinding}~`;
  const names = disclose ?? (await sdjwt.presentableKeys(unbound));
  const frame = Object.fromEntries(names.map((n) => [n, true]));
  const iat = Math.floor(now.getTime() / 1000);
  return sdjwt.present(unbound, frame, { kb: { payload: { iat, aud: audience, nonce } } });
}

const kbVerifierFor =
  (holder: HolderKey, seen: { called: boolean; valid: boolean }) =>
  async (data: string, signature: string) => {
    seen.called = true;
    try {
      const key = await importJWK(holder.jwk, holder.alg);
      await compactVerify(`${data}.${signature}`, key, { algorithms: [holder.alg] });
      seen.valid = true;
    } catch {
      seen.valid = false;
    }
    return seen.valid;
  };

/**
 * Checks a bound credential's key-binding JWT with @sd-jwt's own verification: signed by the
 * `cnf` key, `sd_hash` over exactly the presented disclosures; then `aud` = the presenting grantee
 * and a fresh `iat`. Answers the nonce, which the caller must spend (nonces.ts). Run after
 * verifyShareCredential, whose refusals come first.
 */
export async function verifyKeyBinding(
  jwks: JSONWebKeySet,
  credential: string,
  expected: { audience: string; now?: Date },
): Promise<{ nonce: string }> {
  const refuse = (code: CredentialRefused['code'], message: string) =>
    new CredentialRefused(code, message);
  const plain = await sdJwtVc();
  const { jwt, kbJwt } = await plain.decode(credential).catch(() => {
    throw refuse('CREDENTIAL_INVALID', 'this is not an SD-JWT credential');
  });
  const holder = await holderKeyFromCnf(jwt?.payload?.cnf);
  if (!holder) throw new Error('verifyKeyBinding is for a credential with a cnf claim');
  if (!kbJwt)
    throw refuse(
      'KEY_BINDING_REQUIRED',
      "this credential is bound to its holder's key: present it with a key-binding JWT",
    );
  const { nonce, aud, iat } = (kbJwt.payload ?? {}) as Record<string, unknown>;
  if (typeof nonce !== 'string' || nonce === '')
    throw refuse('KEY_BINDING_INVALID', 'the key-binding JWT has no nonce');
  const seen = { called: false, valid: false };
  const sdjwt = await sdJwtVc({
    verifier: issuerVerifier(jwks),
    kbVerifier: kbVerifierFor(holder, seen),
  });
  try {
    await sdjwt.verify(credential, {
      keyBindingNonce: nonce,
      skewSeconds: Number.MAX_SAFE_INTEGER, // expiry is verifyShareCredential's, with its own code
    });
  } catch {
    // The library checks the JWT's shape, then the signature, then sd_hash: what it had reached
    // when it stopped tells the three apart.
    if (!seen.called)
      throw refuse(
        'KEY_BINDING_INVALID',
        'the key-binding JWT is not a kb+jwt with iat, aud, nonce and sd_hash',
      );
    if (!seen.valid)
      throw refuse(
        'KEY_BINDING_WRONG_KEY',
        "the key-binding JWT is not signed by the credential's holder key",
      );
    throw refuse(
      'KEY_BINDING_SD_HASH_MISMATCH',
      'the disclosures presented are not those the holder bound (sd_hash)',
    );
  }
  if (aud !== expected.audience)
    throw refuse(
      'KEY_BINDING_WRONG_AUDIENCE',
      'the holder bound this presentation to another system',
    );
  const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
  if (
    typeof iat !== 'number' ||
    iat < now - KEY_BINDING_MAX_AGE_SECONDS ||
    iat > now + KEY_BINDING_CLOCK_SKEW_SECONDS
  )
    throw refuse(
      'KEY_BINDING_STALE',
      `the key-binding JWT must be made within ${KEY_BINDING_MAX_AGE_SECONDS} s of its presentation`,
    );
  return { nonce };
}
