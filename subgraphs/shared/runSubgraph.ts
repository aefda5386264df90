import { databaseConfig, positiveInteger } from '../../db/config.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { graphqlRequestListener, listen } from '../../kernel/http.ts';
import { log } from '../../kernel/observability/log.ts';
import { metricsRoute, observePool } from '../../kernel/observability/metrics.ts';
import { withServerSpan } from '../../kernel/observability/serverSpan.ts';
import { startTracingFromEnv } from '../../kernel/observability/tracing.ts';
import { subgraphKeyConfig } from '../../kernel/subgraphKey.ts';
import { subgraphPort } from '../../schema/subgraphs.ts';
import { observeDrizzleStatements } from './adapters/drizzleStatements.ts';
import { buildSubgraph, type SubgraphDefinition } from './subgraphServer.ts';

/**
 * Runs one subgraph as its own process. On PostgreSQL (DATABASE_URL) it shares the agencies'
 * database; without it, it seeds a private in-memory PGlite, since PGlite has one writer.
 */
export async function runSubgraph<L>(definition: SubgraphDefinition<L>) {
  const tracing = startTracingFromEnv(`citizen-graph-${definition.name}`);
  const config = databaseConfig();
  const database = await prepareDatabase({
    url: config.url,
    poolSize: config.poolSize,
    seedCount: config.seedCount,
    log: (message) => log.info({ service: definition.name }, message),
  });
  observePool(database);
  observeDrizzleStatements();
  const { apollo, context } = buildSubgraph(definition, database.drizzle(), {
    tokenKey: await subgraphKeyConfig(definition.name),
  });
  await apollo.start();
  const port = positiveInteger('PORT', subgraphPort(definition.name, 4000));
  const server = await listen(
    withServerSpan(
      definition.name,
      graphqlRequestListener(apollo, { context, routes: [metricsRoute()] }),
    ),
    port,
    process.env.HOST || '127.0.0.1',
  );
  log.info({ service: definition.name, url: server.url }, 'listening');
  const shutdown = async () => {
    await server.close();
    await apollo.stop();
    await database.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
