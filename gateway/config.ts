import { envEnum, envInt, envPort, envString, envUrl, isProduction } from '../db/env.ts';
import { type ServerConfig, serverConfig } from '../kernel/serverConfig.ts';
import { SUBGRAPH_NAMES, type SubgraphName, subgraphPort } from '../schema/subgraphs.ts';
import { type LimitsConfig, limitsConfig } from './limits/limitsConfig.ts';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Where each subgraph listens: SUBGRAPH_URL_<NAME>, or 127.0.0.1 from port+1 upwards. */
  subgraphUrls: Partial<Record<string, string>>;
  /** SUPERGRAPH_FILE: serve another supergraph, with its own routing URLs (benchmarks). */
  supergraphFile: string | undefined;
  /** GATEWAY_MAX_IN_FLIGHT requests execute at once, GATEWAY_MAX_QUEUED wait; the rest get 503. */
  maxInFlight: number;
  maxQueued: number;
  /** SUBGRAPH_TIMEOUT_MS: a subgraph fetch not answered by then yields SUBGRAPH_TIMEOUT. */
  subgraphTimeoutMs: number;
  /**
   * GATEWAY_INFLIGHT_SHARING (on|off): identical subgraph fetches whose answer depends on no one
   * caller share one call while it is in flight (gateway/sharing/).
   */
  inflightSharing: boolean;
  /** GATEWAY_OPERATION_CACHE_MIB: parsed operations and their plans kept, each up to this (server.ts). */
  operationCacheMiB: number;
  server: ServerConfig;
  /** Bounded operations, subgraph answers and rate limits (gateway/limits/limitsConfig.ts). */
  limits: LimitsConfig;
  /** NODE_ENV=production: no introspection and no field suggestions. */
  production: boolean;
}

/**
 * Enough for subgraphs a few milliseconds away at full speed, few enough that an overload queues
 * and is shed instead of growing memory without bound (see bench/HISTORY.md for smaller values).
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_MAX_QUEUED = 2_000;
/** Well under a client's patience (browsers and load balancers wait 30–60 s). */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5_000;
/** A few hundred distinct operations: every form's and application's, not every caller's whim. */
export const DEFAULT_OPERATION_CACHE_MIB = 4;

export function gatewayConfig(): GatewayConfig {
  const port = envPort('PORT', 4000);
  const supergraphFile = envString('SUPERGRAPH_FILE');
  const common = {
    port,
    host: envString('HOST', '127.0.0.1'),
    supergraphFile,
    maxInFlight: envInt('GATEWAY_MAX_IN_FLIGHT', DEFAULT_MAX_IN_FLIGHT),
    maxQueued: envInt('GATEWAY_MAX_QUEUED', DEFAULT_MAX_QUEUED),
    subgraphTimeoutMs: envInt('SUBGRAPH_TIMEOUT_MS', DEFAULT_SUBGRAPH_TIMEOUT_MS),
    inflightSharing: envEnum('GATEWAY_INFLIGHT_SHARING', ['on', 'off'], 'on') === 'on',
    operationCacheMiB: envInt('GATEWAY_OPERATION_CACHE_MIB', DEFAULT_OPERATION_CACHE_MIB),
    server: serverConfig(),
    limits: limitsConfig(),
    production: isProduction(),
  };
  if (supergraphFile) return { ...common, subgraphUrls: {} };
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const configured = envUrl(`SUBGRAPH_URL_${name.toUpperCase()}`, ['http:', 'https:']);
      return [name, configured ?? `http://127.0.0.1:${subgraphPort(name, port)}/graphql`];
    }),
  ) as Record<SubgraphName, string>;
  return { ...common, subgraphUrls };
}
