import type { Logger } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { startGateway } from '../../gateway/app.ts';
import type { AuthConfig } from '../../gateway/auth/authConfig.ts';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED } from '../../gateway/config.ts';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../gateway/limits/limitsConfig.ts';
import { subgraphTokenKey } from '../../kernel/access/internalToken.ts';
import { graphqlRequestListener, type Listening, listen } from '../../kernel/http.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { metricsRoute, observePool } from '../../kernel/observability/metrics.ts';
import { withServerSpan } from '../../kernel/observability/serverSpan.ts';
import type { SubgraphName } from '../../schema/subgraphs.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { observeDrizzleStatements } from '../../subgraphs/shared/adapters/drizzleStatements.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';

export interface SystemOptions {
  database: Database;
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySecret'>;
  host?: string;
  /** Gateway port; subgraphs take the next five. 0 picks free ports (tests). */
  port: number;
  /** A statement logger per subgraph, e.g. to count SQL in tests. */
  loggers?: Partial<Record<SubgraphName, Logger>>;
  /** How many requests the gateway runs at once and queues (GATEWAY_MAX_IN_FLIGHT and _QUEUED). */
  limit?: InFlightLimit;
  /** The gateway's limits (GATEWAY_MAX_DEPTH, …); the defaults unless given. */
  limits?: LimitsConfig;
  /** Production behaviour at the gateway: no introspection, no field suggestions. */
  production?: boolean;
}

export interface RunningSubgraphs {
  subgraphUrls: Record<SubgraphName, string>;
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
}

/** The five subgraphs in this process, each on its own port. */
export async function startSubgraphs({
  database,
  gatewaySecret,
  host,
  basePort,
  loggers = {},
}: SubgraphsOptions): Promise<RunningSubgraphs> {
  observePool(database);
  observeDrizzleStatements();
  const listening: Listening[] = [];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const [k, definition] of SUBGRAPHS.entries()) {
    const { apollo, context } = buildSubgraph(
      definition,
      database.drizzle(loggers[definition.name]),
      { tokenKey: gatewaySecret && subgraphTokenKey(gatewaySecret, definition.name) },
    );
    await apollo.start();
    const server = await listen(
      withServerSpan(
        definition.name,
        graphqlRequestListener(apollo, { context, routes: [metricsRoute()] }),
      ),
      basePort === 0 ? 0 : basePort + 1 + k,
      host,
    );
    listening.push(server);
    subgraphUrls[definition.name] = server.url;
  }
  return {
    subgraphUrls,
    stop: async () => void (await Promise.all(listening.map((l) => l.close()))),
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
  limits = DEFAULT_LIMITS,
  production = false,
}: SystemOptions): Promise<RunningSystem> {
  const subgraphs = await startSubgraphs({
    database,
    gatewaySecret: auth.gatewaySecret,
    host,
    basePort: port,
    loggers,
  });
  const gateway = await startGateway({
    subgraphUrls: subgraphs.subgraphUrls,
    auth,
    limit,
    limits,
    production,
    port,
    host,
  });
  return {
    url: gateway.url,
    subgraphUrls: subgraphs.subgraphUrls,
    stop: async () => {
      await gateway.stop();
      await subgraphs.stop();
    },
  };
}
