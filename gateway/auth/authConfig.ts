import { readFileSync } from 'node:fs';
import { importPKCS8, importSPKI } from 'jose';
import type { SigningKey } from '../../subgraphs/shared/access/internalToken.ts';
import { DEV_ISSUER, devIssuer, loadOrCreateDevKeys } from './devKeys.ts';
import { type IssuerConfig, type TrustedIssuer, trustedIssuer } from './issuers.ts';

export interface AuthConfig {
  issuers: TrustedIssuer[];
  /** The gateway's key for the per-request internal token… */
  gatewaySigningKey: SigningKey;
  /** …and the public half subgraphs verify it with. */
  gatewayPublicKey: SigningKey;
  development: boolean;
}

const isProduction = () => process.env.NODE_ENV === 'production';

/**
 * Production reads TRUSTED_ISSUERS (JSON list of { issuer, audience, jwksUrl | jwksFile }) and the
 * gateway key pair from PEM files, and refuses the development issuer. Elsewhere, unset values fall
 * back to the development issuer and keys in `.data/keys`.
 */
export async function authConfig(): Promise<AuthConfig> {
  const configured = process.env.TRUSTED_ISSUERS;
  const issuerConfigs = configured ? (JSON.parse(configured) as IssuerConfig[]) : [];
  const signingFile = process.env.GATEWAY_SIGNING_KEY_FILE;
  const publicFile = process.env.GATEWAY_PUBLIC_KEY_FILE;
  if (isProduction()) {
    if (issuerConfigs.length === 0) throw new Error('production needs TRUSTED_ISSUERS');
    if (issuerConfigs.some((i) => i.issuer === DEV_ISSUER)) {
      throw new Error('production refuses the development issuer');
    }
    if (!signingFile || !publicFile) {
      throw new Error('production needs GATEWAY_SIGNING_KEY_FILE and GATEWAY_PUBLIC_KEY_FILE');
    }
  }
  const dev =
    !isProduction() && (issuerConfigs.length === 0 || !signingFile || !publicFile)
      ? await loadOrCreateDevKeys()
      : null;
  const issuers = issuerConfigs.map(trustedIssuer);
  if (dev && issuerConfigs.length === 0) issuers.push(devIssuer(dev));
  return {
    issuers,
    gatewaySigningKey: signingFile
      ? ((await importPKCS8(readFileSync(signingFile, 'utf8'), 'EdDSA')) as SigningKey)
      : (dev as NonNullable<typeof dev>).gatewayPrivate,
    gatewayPublicKey: publicFile
      ? ((await importSPKI(readFileSync(publicFile, 'utf8'), 'EdDSA')) as SigningKey)
      : (dev as NonNullable<typeof dev>).gatewayPublic,
    development: issuerConfigs.length === 0,
  };
}
