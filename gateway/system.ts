import type { Logger } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { SubgraphName } from '../schema/subgraphs.ts';
import { SUBGRAPHS } from '../subgraphs/definitions.ts';
import { graphqlRequestListener, type Listening, listen } from '../subgraphs/shared/http.ts';
import { buildSubgraph } from '../subgraphs/shared/subgraphServer.ts';
import type { AuthConfig } from './auth/authConfig.ts';
import { gatewayContext } from './context.ts';
import { createGateway } from './server.ts';

export interface SystemOptions {
  database: Database;
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySigningKey' | 'gatewayPublicKey'>;
  host?: string;
  /** Gateway port; subgraphs take the next five. 0 picks free ports (tests). */
  port: number;
  /** A statement logger per subgraph, e.g. to count SQL in tests. */
  loggers?: Partial<Record<SubgraphName, Logger>>;
}

export interface RunningSystem {
  url: string;
  subgraphUrls: Record<SubgraphName, string>;
  stop(): Promise<void>;
}

/** The whole graph in one process: five subgraphs and the gateway, over real HTTP. */
export async function startSystem({
  database,
  auth,
  host = '127.0.0.1',
  port,
  loggers = {},
}: SystemOptions): Promise<RunningSystem> {
  const listening: Listening[] = [];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const [k, definition] of SUBGRAPHS.entries()) {
    const { apollo, context } = buildSubgraph(
      definition,
      database.drizzle(loggers[definition.name]),
      {
        gatewayKey: auth.gatewayPublicKey,
      },
    );
    await apollo.start();
    const server = await listen(
      graphqlRequestListener(apollo, { context }),
      port === 0 ? 0 : port + 1 + k,
      host,
    );
    listening.push(server);
    subgraphUrls[definition.name] = server.url;
  }
  const gateway = createGateway({ subgraphUrls });
  await gateway.apollo.start();
  const context = gatewayContext({ issuers: auth.issuers, signingKey: auth.gatewaySigningKey });
  const server = await listen(graphqlRequestListener(gateway.apollo, { context }), port, host);
  return {
    url: server.url,
    subgraphUrls,
    stop: async () => {
      await server.close();
      await gateway.apollo.stop();
      await gateway.close();
      await Promise.all(listening.map((l) => l.close()));
    },
  };
}
