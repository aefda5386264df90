import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { decodeSecret, newTokenSecret } from './access/internalToken.ts';

/** The development issuer that `npm start` trusts and `npm run token` signs with. Never in production. */
export const DEV_ISSUER = 'urn:citizen-graph:dev-issuer';
export const AUDIENCE = 'citizen-graph';
export const DEV_KEYS_DIR = fileURLToPath(new URL('../.data/keys/', import.meta.url));

export interface DevKeys {
  issuerPrivate: CryptoKey;
  issuerPublicJwk: JWK;
  /** The gateway's secret for internal tokens; subgraph keys derive from it. */
  gatewaySecret: Buffer;
}

async function pair() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

async function load(
  issuer: { privateJwk: JWK; publicJwk: JWK },
  gatewaySecret: string,
): Promise<DevKeys> {
  return {
    issuerPrivate: (await importJWK(issuer.privateJwk, 'EdDSA')) as CryptoKey,
    issuerPublicJwk: { ...issuer.publicJwk, alg: 'EdDSA', use: 'sig', kid: 'dev-issuer' },
    gatewaySecret: decodeSecret(gatewaySecret, 'the development gateway secret'),
  };
}

/** Fresh keys in memory (tests). */
export async function generateDevKeys(): Promise<DevKeys> {
  return load(await pair(), newTokenSecret());
}

/**
 * A file's content, made by whichever process gets there first. The content is written aside and
 * linked into place, which fails if the file exists: processes starting together on a fresh
 * checkout all read the same complete keys.
 */
export async function createOnce(
  file: string,
  make: () => Promise<string> | string,
): Promise<string> {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, await make(), { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
  }
  return readFileSync(file, 'utf8');
}

/** Keys kept in `.data/keys` so tokens survive restarts and separate processes agree. */
export async function loadOrCreateDevKeys(dir = DEV_KEYS_DIR): Promise<DevKeys> {
  const stored = JSON.parse(
    await createOnce(join(dir, 'dev-keys.json'), async () =>
      JSON.stringify({ issuer: await pair() }),
    ),
  ) as { issuer: { privateJwk: JWK; publicJwk: JWK } };
  return load(stored.issuer, await createOnce(join(dir, 'gateway-secret'), newTokenSecret));
}

/** A caller token from the development issuer, e.g. `{ sub, cg_kind: 'citizen', eid_level: 2 }`. */
export function signDevToken(keys: DevKeys, claims: JWTPayload, expiresIn = '1h'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'dev-issuer' })
    .setIssuer(DEV_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(keys.issuerPrivate);
}
