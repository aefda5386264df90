import { positiveInteger } from '../db/config.ts';

/** How an HTTP server guards its edge and stops; the same variables for gateway and subgraphs. */
export interface ServerConfig {
  /** HTTP_HEADERS_TIMEOUT_MS: a request's headers must arrive within this, or it is closed. */
  headersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_MS: the whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /** SHUTDOWN_DELAY_MS: after SIGTERM, readiness is false this long before accepting stops. */
  shutdownDelayMs: number;
  /** SHUTDOWN_TIMEOUT_MS: in-flight requests get this long to finish before connections are cut. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  shutdownDelayMs: 0,
  shutdownTimeoutMs: 10_000,
};

function nonNegativeInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number of milliseconds, got "${raw}"`);
  return value;
}

export function serverConfig(): ServerConfig {
  const d = DEFAULT_SERVER_CONFIG;
  const config = {
    headersTimeoutMs: positiveInteger('HTTP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs),
    requestTimeoutMs: positiveInteger('HTTP_REQUEST_TIMEOUT_MS', d.requestTimeoutMs),
    shutdownDelayMs: nonNegativeInteger('SHUTDOWN_DELAY_MS', d.shutdownDelayMs),
    shutdownTimeoutMs: nonNegativeInteger('SHUTDOWN_TIMEOUT_MS', d.shutdownTimeoutMs),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs)
    throw new Error('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return config;
}
