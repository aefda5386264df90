import { ConfigError, envInt } from '../db/env.ts';

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

export function serverConfig(): ServerConfig {
  const d = DEFAULT_SERVER_CONFIG;
  const config = {
    headersTimeoutMs: envInt('HTTP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs),
    requestTimeoutMs: envInt('HTTP_REQUEST_TIMEOUT_MS', d.requestTimeoutMs),
    shutdownDelayMs: envInt('SHUTDOWN_DELAY_MS', d.shutdownDelayMs, { min: 0 }),
    shutdownTimeoutMs: envInt('SHUTDOWN_TIMEOUT_MS', d.shutdownTimeoutMs, { min: 0 }),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs)
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return config;
}
