import type { Logger } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { startGateway } from '../../gateway/app.ts';
import type { AuthConfig } from '../../gateway/auth/authConfig.ts';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED } from '../../gateway/config.ts';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../gateway/limits/limitsConfig.ts';
import type { SigningKeys } from '../../gateway/signing/signingKeys.ts';
import { subgraphTokenKey } from '../../kernel/access/internalToken.ts';
import { Health } from '../../kernel/health.ts';
import { graphqlRequestListener, type Listening, listen } from '../../kernel/http.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { metricsRoute, observePool } from '../../kernel/observability/metrics.ts';
import { withServerSpan } from '../../kernel/observability/serverSpan.ts';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../kernel/serverConfig.ts';
import type { SubgraphName } from '../../schema/subgraphs.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { observeDrizzleStatements } from '../../subgraphs/shared/adapters/drizzleStatements.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';

export interface SystemOptions {
  database: Database;
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySecret' | 'tokenLifetimes'>;
  host?: string;
  /** Gateway port; subgraphs take the next five. 0 picks free ports (tests). */
  port: number;
  /** A statement logger per subgraph, e.g. to count SQL in tests. */
  loggers?: Partial<Record<SubgraphName, Logger>>;
  /** How many requests the gateway runs at once and queues (GATEWAY_MAX_IN_FLIGHT and _QUEUED). */
  limit?: InFlightLimit;
  /** The gateway's signing keys; unset: GATEWAY_SIGNING_KEYS_FILE or the development key. */
  signing?: SigningKeys;
  /** SUBGRAPH_TIMEOUT_MS: how long the gateway waits for a subgraph. */
  subgraphTimeoutMs?: number;
  /** GATEWAY_INFLIGHT_SHARING: identical caller-independent subgraph fetches share one call. */
  inflightSharing?: boolean;
  /** GATEWAY_OPERATION_CACHE_MIB: the parsed operations and plans the gateway keeps. */
  operationCacheMiB?: number;
  /** Edge timeouts and shutdown, for the gateway and every subgraph. */
  server?: ServerConfig;
  /** The gateway's limits (GATEWAY_MAX_DEPTH, …); the defaults unless given. */
  limits?: LimitsConfig;
  /** Production behaviour at the gateway: no introspection, no field suggestions. */
  production?: boolean;
}

export interface RunningSubgraphs {
  subgraphUrls: Record<SubgraphName, string>;
  /** Readiness false on every subgraph (the first step of stopping). */
  drain(): void;
  /** Stops accepting; requests in flight finish, their audit records written. */
  stop(): Promise<void>;
}

export interface RunningSystem extends RunningSubgraphs {
  url: string;
}

export interface SubgraphsOptions {
  database: Database;
  /** The gateway's token secret, each subgraph's key derives from; null turns access control off (benchmarks). */
  gatewaySecret: Buffer | null;
  host: string;
  /** The first subgraph listens on basePort + 1; 0 picks free ports. */
  basePort: number;
  loggers?: Partial<Record<SubgraphName, Logger>>;
  server?: ServerConfig;
}

/** The five subgraphs in this process, each on its own port. */
export async function startSubgraphs({
  database,
  gatewaySecret,
  host,
  basePort,
  loggers = {},
  server = DEFAULT_SERVER_CONFIG,
}: SubgraphsOptions): Promise<RunningSubgraphs> {
  observePool(database);
  observeDrizzleStatements();
  const listening: Listening[] = [];
  const healths: Health[] = [];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const [k, definition] of SUBGRAPHS.entries()) {
    const { apollo, context, ready } = buildSubgraph(definition, database, {
      tokenKey: gatewaySecret && subgraphTokenKey(gatewaySecret, definition.name),
      logger: loggers[definition.name],
    });
    await apollo.start();
    const health = new Health(ready);
    const served = await listen(
      withServerSpan(
        definition.name,
        graphqlRequestListener(apollo, {
          context,
          routes: [...health.routes, metricsRoute()],
          service: definition.name,
        }),
      ),
      basePort === 0 ? 0 : basePort + 1 + k,
      host,
      server,
    );
    listening.push(served);
    healths.push(health);
    subgraphUrls[definition.name] = served.url;
  }
  return {
    subgraphUrls,
    drain: () => {
      for (const health of healths) health.drain();
    },
    stop: async () =>
      void (await Promise.all(listening.map((l) => l.close(server.shutdownTimeoutMs)))),
  };
}

/** The whole graph in one process: five subgraphs and the gateway, over real HTTP. */
export async function startSystem({
  database,
  auth,
  host = '127.0.0.1',
  port,
  loggers = {},
  limit = new InFlightLimit(DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED),
  signing,
  subgraphTimeoutMs,
  inflightSharing,
  operationCacheMiB,
  server = DEFAULT_SERVER_CONFIG,
  limits = DEFAULT_LIMITS,
  production = false,
}: SystemOptions): Promise<RunningSystem> {
  const subgraphs = await startSubgraphs({
    database,
    gatewaySecret: auth.gatewaySecret,
    host,
    basePort: port,
    loggers,
    server,
  });
  const gateway = await startGateway({
    subgraphUrls: subgraphs.subgraphUrls,
    auth,
    limit,
    limits,
    production,
    port,
    host,
    ...(signing ? { signing } : {}),
    server,
    ...(subgraphTimeoutMs ? { subgraphTimeoutMs } : {}),
    ...(inflightSharing === undefined ? {} : { inflightSharing }),
    ...(operationCacheMiB === undefined ? {} : { operationCacheMiB }),
  });
  return {
    url: gateway.url,
    subgraphUrls: subgraphs.subgraphUrls,
    drain: subgraphs.drain,
    stop: async () => {
      subgraphs.drain();
      await gateway.stop();
      await subgraphs.stop();
    },
  };
}
