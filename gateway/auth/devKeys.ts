import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import type { SigningKey } from '../../subgraphs/shared/access/internalToken.ts';
import type { TrustedIssuer } from './issuers.ts';

/** The development issuer that `npm start` trusts and `npm run token` signs with. Never in production. */
export const DEV_ISSUER = 'urn:citizen-graph:dev-issuer';
export const AUDIENCE = 'citizen-graph';
export const DEV_KEYS_FILE = fileURLToPath(
  new URL('../../.data/keys/dev-keys.json', import.meta.url),
);

interface StoredKeys {
  issuer: { privateJwk: JWK; publicJwk: JWK };
  gateway: { privateJwk: JWK; publicJwk: JWK };
}

export interface DevKeys {
  issuerPrivate: SigningKey;
  issuerPublicJwk: JWK;
  gatewayPrivate: SigningKey;
  gatewayPublic: SigningKey;
}

async function pair() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  return { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
}

async function load(stored: StoredKeys): Promise<DevKeys> {
  return {
    issuerPrivate: (await importJWK(stored.issuer.privateJwk, 'EdDSA')) as SigningKey,
    issuerPublicJwk: { ...stored.issuer.publicJwk, alg: 'EdDSA', use: 'sig', kid: 'dev-issuer' },
    gatewayPrivate: (await importJWK(stored.gateway.privateJwk, 'EdDSA')) as SigningKey,
    gatewayPublic: (await importJWK(stored.gateway.publicJwk, 'EdDSA')) as SigningKey,
  };
}

/** Fresh keys in memory (tests). */
export async function generateDevKeys(): Promise<DevKeys> {
  return load({ issuer: await pair(), gateway: await pair() });
}

/** Keys kept in `.data/keys` so tokens survive restarts and separate processes agree. */
export async function loadOrCreateDevKeys(file = DEV_KEYS_FILE): Promise<DevKeys> {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const stored: StoredKeys = { issuer: await pair(), gateway: await pair() };
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return load(JSON.parse(readFileSync(file, 'utf8')) as StoredKeys);
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
