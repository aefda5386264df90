import { readFileSync } from 'node:fs';
import { ConfigError, envString, isProduction } from '../db/env.ts';
import { decodeSecret, subgraphTokenKey } from './access/internalToken.ts';
import { loadOrCreateDevKeys } from './devKeys.ts';

/** The secret in `file`, named by the variable `what` that gave the file if it cannot be read. */
export function readSecret(file: string, what: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  return decodeSecret(text, what);
}

/**
 * A subgraph process's key for the gateway's tokens: SUBGRAPH_TOKEN_KEY_FILE (made with
 * `npm run token -- subgraph-key <name>`), required in production. Elsewhere it is derived from
 * GATEWAY_TOKEN_SECRET_FILE or the development secret.
 */
export async function subgraphKeyConfig(subgraph: string): Promise<Buffer> {
  const keyFile = envString('SUBGRAPH_TOKEN_KEY_FILE');
  if (keyFile) return readSecret(keyFile, 'SUBGRAPH_TOKEN_KEY_FILE');
  if (isProduction()) throw new Error('production needs SUBGRAPH_TOKEN_KEY_FILE');
  return derivedSubgraphKey(subgraph);
}

/** A subgraph's key derived from GATEWAY_TOKEN_SECRET_FILE, or else from the development secret. */
export async function derivedSubgraphKey(subgraph: string): Promise<Buffer> {
  const secretFile = envString('GATEWAY_TOKEN_SECRET_FILE');
  const secret = secretFile
    ? readSecret(secretFile, 'GATEWAY_TOKEN_SECRET_FILE')
    : (await loadOrCreateDevKeys()).gatewaySecret;
  return subgraphTokenKey(secret, subgraph);
}
