import { readFileSync } from 'node:fs';
import { decodeSecret, subgraphTokenKey } from '../../subgraphs/shared/access/internalToken.ts';
import { DEV_ISSUER, devIssuer, loadOrCreateDevKeys } from './devKeys.ts';
import { type IssuerConfig, type TrustedIssuer, trustedIssuer } from './issuers.ts';

export interface AuthConfig {
  issuers: TrustedIssuer[];
  /** The gateway's secret for the per-request internal tokens; each subgraph's key derives from it. */
  gatewaySecret: Buffer;
  development: boolean;
}

const isProduction = () => process.env.NODE_ENV === 'production';

const readSecret = (file: string, what: string) => decodeSecret(readFileSync(file, 'utf8'), what);

/**
 * Production reads TRUSTED_ISSUERS (JSON list of { issuer, audience, jwksUrl | jwksFile }) and the
 * gateway's token secret from GATEWAY_TOKEN_SECRET_FILE, and refuses the development issuer.
 * Elsewhere, unset values fall back to the development issuer and secret in `.data/keys`.
 */
export async function authConfig(): Promise<AuthConfig> {
  const configured = process.env.TRUSTED_ISSUERS;
  const issuerConfigs = configured ? (JSON.parse(configured) as IssuerConfig[]) : [];
  const secretFile = process.env.GATEWAY_TOKEN_SECRET_FILE;
  if (isProduction()) {
    if (issuerConfigs.length === 0) throw new Error('production needs TRUSTED_ISSUERS');
    if (issuerConfigs.some((i) => i.issuer === DEV_ISSUER)) {
      throw new Error('production refuses the development issuer');
    }
    if (!secretFile) throw new Error('production needs GATEWAY_TOKEN_SECRET_FILE');
  }
  const dev =
    !isProduction() && (issuerConfigs.length === 0 || !secretFile)
      ? await loadOrCreateDevKeys()
      : null;
  const issuers = issuerConfigs.map(trustedIssuer);
  if (dev && issuerConfigs.length === 0) issuers.push(devIssuer(dev));
  return {
    issuers,
    gatewaySecret: secretFile
      ? readSecret(secretFile, 'GATEWAY_TOKEN_SECRET_FILE')
      : (dev as NonNullable<typeof dev>).gatewaySecret,
    development: issuerConfigs.length === 0,
  };
}

/**
 * A subgraph process's key for the gateway's tokens: SUBGRAPH_TOKEN_KEY_FILE (made with
 * `npm run token -- subgraph-key <name>`), required in production. Elsewhere it is derived from
 * GATEWAY_TOKEN_SECRET_FILE or the development secret.
 */
export async function subgraphKeyConfig(subgraph: string): Promise<Buffer> {
  const keyFile = process.env.SUBGRAPH_TOKEN_KEY_FILE;
  if (keyFile) return readSecret(keyFile, 'SUBGRAPH_TOKEN_KEY_FILE');
  if (isProduction()) throw new Error('production needs SUBGRAPH_TOKEN_KEY_FILE');
  return derivedSubgraphKey(subgraph);
}

/** A subgraph's key derived from GATEWAY_TOKEN_SECRET_FILE, or else from the development secret. */
export async function derivedSubgraphKey(subgraph: string): Promise<Buffer> {
  const secretFile = process.env.GATEWAY_TOKEN_SECRET_FILE;
  const secret = secretFile
    ? readSecret(secretFile, 'GATEWAY_TOKEN_SECRET_FILE')
    : (await loadOrCreateDevKeys()).gatewaySecret;
  return subgraphTokenKey(secret, subgraph);
}
