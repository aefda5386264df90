import { DEV_ISSUER, loadOrCreateDevKeys } from '../../kernel/devKeys.ts';
import { readSecret } from '../../kernel/subgraphKey.ts';
import { devIssuer, type IssuerConfig, type TrustedIssuer, trustedIssuer } from './issuers.ts';
import { type TokenLifetimes, tokenLifetimes } from './tokenLifetimes.ts';

export interface AuthConfig {
  issuers: TrustedIssuer[];
  /** The gateway's secret for the per-request internal tokens; each subgraph's key derives from it. */
  gatewaySecret: Buffer;
  development: boolean;
  /** TOKEN_MAX_LIFETIMES: longer-lived caller tokens are refused. */
  tokenLifetimes?: TokenLifetimes;
}

const isProduction = () => process.env.NODE_ENV === 'production';

/**
 * Production reads TRUSTED_ISSUERS (JSON list of { issuer, audience, jwksUrl | jwksFile }) and the
 * gateway's token secret from GATEWAY_TOKEN_SECRET_FILE, and refuses the development issuer.
 * Elsewhere, unset values fall back to the development issuer and secret in `.data/keys`.
 */
export async function authConfig(): Promise<AuthConfig> {
  const lifetimes = tokenLifetimes();
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
    tokenLifetimes: lifetimes,
  };
}
