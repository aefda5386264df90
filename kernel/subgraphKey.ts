import { readFileSync } from 'node:fs';
import { decodeSecret, subgraphTokenKey } from './access/internalToken.ts';
import { loadOrCreateDevKeys } from './devKeys.ts';

const isProduction = () => process.env.NODE_ENV === 'production';

export const readSecret = (file: string, what: string) =>
  decodeSecret(readFileSync(file, 'utf8'), what);

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
