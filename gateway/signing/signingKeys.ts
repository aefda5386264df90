import { createPrivateKey, createSign, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createOnce, DEV_KEYS_DIR } from '../../kernel/devKeys.ts';

/** The gateway's signing keys: the first signs, all are published (the next or the last one). */
export interface SigningKeys {
  kid: string;
  alg: 'ES256' | 'EdDSA';
  /** The first key for WebCrypto signers (@sd-jwt's share credentials)… */
  privateKey: CryptoKey;
  /** …and for node:crypto, which signs the prefill answers (see signJsonBytes). */
  keyObject: KeyObject;
  /** What `/.well-known/jwks.json` serves: public parts only. */
  jwks: { keys: JWK[] };
}

const ALGORITHMS = ['ES256', 'EdDSA'] as const;

/** A fresh ES256 private key as a JWK set, e.g. for GATEWAY_SIGNING_KEYS_FILE. */
export async function newSigningJwks(kid: string): Promise<{ keys: JWK[] }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' }] };
}

const publicPart = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: JWK): JWK => rest;

/**
 * Reads a JWK set whose first key is private and signs; the others (the previous key during a
 * rotation, or the next one announced early) are published beside it.
 */
export async function signingKeysFrom(set: { keys?: JWK[] }, source: string): Promise<SigningKeys> {
  const keys = set.keys ?? [];
  const [first] = keys;
  const problem = (message: string) => new Error(`${source}: ${message}`);
  if (!first) throw problem('holds no key');
  for (const key of keys) {
    if (!key.kid) throw problem('every key needs a kid');
    if (!ALGORITHMS.includes(key.alg as never))
      throw problem(`${key.kid}: alg must be ES256 or EdDSA`);
  }
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw problem('kids must differ');
  if (!first.d) throw problem(`${first.kid}: the first key signs and must be private`);
  const alg = first.alg as SigningKeys['alg'];
  return {
    kid: first.kid as string,
    alg,
    privateKey: (await importJWK(first, alg)) as CryptoKey,
    keyObject: createPrivateKey({ key: first as never, format: 'jwk' }),
    jwks: { keys: keys.map((k) => ({ ...publicPart(k), use: 'sig' })) },
  };
}

/**
 * GATEWAY_SIGNING_KEYS_FILE (a JWK set, see `npm run token -- signing-keys <kid>`); outside
 * production, a development key made once in `.data/keys`.
 */
export async function signingKeysConfig(dir = DEV_KEYS_DIR): Promise<SigningKeys> {
  const file = process.env.GATEWAY_SIGNING_KEYS_FILE;
  if (file)
    return signingKeysFrom(JSON.parse(readFileSync(file, 'utf8')), 'GATEWAY_SIGNING_KEYS_FILE');
  if (process.env.NODE_ENV === 'production')
    throw new Error('production needs GATEWAY_SIGNING_KEYS_FILE');
  const stored = await createOnce(join(dir, 'signing-keys.json'), async () =>
    JSON.stringify(await newSigningJwks('dev-signing-1')),
  );
  return signingKeysFrom(JSON.parse(stored), 'the development signing keys');
}

/**
 * A JSON document, as UTF-8 bytes, as a compact JWS: what a receiving system verifies with the
 * JWKS alone. Made with node:crypto rather than jose's CompactSign, which on Node 20 base64url-
 * encodes the payload in JavaScript (String.fromCharCode, btoa, three replaces) and made most of
 * what signing a 500-subject answer cost (bench/HISTORY.md, 2026-12-07). ECDSA signatures in r‖s
 * form, as JWS has them.
 */
export function signJsonBytes(keys: SigningKeys, json: Buffer, typ: string): string {
  return Buffer.concat(compactJws(keys, json, typ)).toString('latin1');
}

/**
 * The same JWS as ASCII pieces to be written one after the other: a 500-subject answer's signing
 * input is ~1 MB, and joining it into one string, then into bytes, then into the body cost more
 * than hashing it (bench/HISTORY.md, 2026-12-07, prefill2). ES256 hashes the pieces as they are;
 * Ed25519 signs the whole message at once, so it is joined for that.
 */
export function compactJws(keys: SigningKeys, json: Buffer, typ: string): Buffer[] {
  const header = JSON.stringify({ alg: keys.alg, kid: keys.kid, typ });
  const head = Buffer.from(`${Buffer.from(header).toString('base64url')}.`, 'latin1');
  const payload = Buffer.from(json.toString('base64url'), 'latin1');
  const options = { key: keys.keyObject, dsaEncoding: 'ieee-p1363' } as const;
  const signature =
    keys.alg === 'ES256'
      ? createSign('sha256').update(head).update(payload).sign(options)
      : sign(null, Buffer.concat([head, payload]), options);
  return [head, payload, Buffer.from(`.${signature.toString('base64url')}`, 'latin1')];
}
