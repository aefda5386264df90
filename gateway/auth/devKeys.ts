import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { MIN_SECRET_BYTES } from '../../subgraphs/shared/access/internalToken.ts';
import type { TrustedIssuer } from './issuers.ts';

/** The development issuer that `npm start` trusts and `npm run token` signs with. Never in production. */
export const DEV_ISSUER = 'urn:citizen-graph:dev-issuer';
export const AUDIENCE = 'citizen-graph';
export const DEV_KEYS_FILE = fileURLToPath(
  new URL('../../.data/keys/dev-keys.json', import.meta.url),
);

interface StoredKeys {
  issuer: { privateJwk: JWK; publicJwk: JWK };
  /** base64url; files from before HMAC internal tokens lack it and gain one. */
  gatewaySecret?: string;
}

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

const newSecret = () => randomBytes(MIN_SECRET_BYTES).toString('base64url');

async function load(stored: Required<StoredKeys>): Promise<DevKeys> {
  return {
    issuerPrivate: (await importJWK(stored.issuer.privateJwk, 'EdDSA')) as CryptoKey,
    issuerPublicJwk: { ...stored.issuer.publicJwk, alg: 'EdDSA', use: 'sig', kid: 'dev-issuer' },
    gatewaySecret: Buffer.from(stored.gatewaySecret, 'base64url'),
  };
}

/** Fresh keys in memory (tests). */
export async function generateDevKeys(): Promise<DevKeys> {
  return load({ issuer: await pair(), gatewaySecret: newSecret() });
}

/** Keys kept in `.data/keys` so tokens survive restarts and separate processes agree. */
export async function loadOrCreateDevKeys(file = DEV_KEYS_FILE): Promise<DevKeys> {
  const stored: StoredKeys = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as StoredKeys)
    : { issuer: await pair() };
  if (!stored.gatewaySecret) {
    stored.gatewaySecret = newSecret();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return load(stored as Required<StoredKeys>);
}

export function devIssuer(keys: DevKeys): TrustedIssuer {
  return {
    issuer: DEV_ISSUER,
    audience: AUDIENCE,
    keys: createLocalJWKSet({ keys: [keys.issuerPublicJwk] }),
  };
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
