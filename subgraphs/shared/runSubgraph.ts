import { databaseConfig } from '../../db/config.ts';
import { envPort, envString } from '../../db/env.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { Health } from '../../kernel/health.ts';
import { graphqlRequestListener, listen } from '../../kernel/http.ts';
import { log } from '../../kernel/observability/log.ts';
import { metricsRoute, observePool } from '../../kernel/observability/metrics.ts';
import { withServerSpan } from '../../kernel/observability/serverSpan.ts';
import { startTracingFromEnv } from '../../kernel/observability/tracing.ts';
import { serverConfig } from '../../kernel/serverConfig.ts';
import { stopOnSignal } from '../../kernel/shutdown.ts';
import { subgraphKeyConfig } from '../../kernel/subgraphKey.ts';
import { subgraphPort } from '../../schema/subgraphs.ts';
import { observeDrizzleStatements } from './adapters/drizzleStatements.ts';
import { privacyBudgetConfig } from './statistics/config.ts';
import { buildSubgraph, type SubgraphDefinition } from './subgraphServer.ts';

/**
 * Runs one subgraph as its own process. On PostgreSQL (DATABASE_URL) it shares the agencies'
 * database; without it, it seeds a private in-memory PGlite, since PGlite has one writer.
 */
export async function runSubgraph<L, S, T extends Record<string, unknown>>(
  definition: SubgraphDefinition<L, S, T>,
) {
  const tracing = await startTracingFromEnv(`citizen-graph-${definition.name}`);
  const config = databaseConfig();
  const server = serverConfig();
  privacyBudgetConfig();
  const database = await prepareDatabase({
    url: config.url,
    poolSize: config.poolSize,
    acquireTimeoutMs: config.acquireTimeoutMs,
    seedCount: config.seedCount,
    log: (message) => log.info({ service: definition.name }, message),
  });
  observePool(database);
  observeDrizzleStatements();
  const { apollo, context, ready } = buildSubgraph(definition, database, {
    tokenKey: await subgraphKeyConfig(definition.name),
  });
  await apollo.start();
  const port = envPort('PORT', subgraphPort(definition.name, 4000));
  const health = new Health(ready);
  const listening = await listen(
    withServerSpan(
      definition.name,
      graphqlRequestListener(apollo, {
        context,
        routes: [...health.routes, metricsRoute()],
        service: definition.name,
      }),
    ),
    port,
    envString('HOST', '127.0.0.1'),
    server,
  );
  log.info({ service: definition.name, url: listening.url }, 'listening');
  // Each answer waits for its audit records, so once requests in flight are done nothing is owed.
  stopOnSignal(definition.name, async () => {
    health.drain();
    await new Promise((resolve) => setTimeout(resolve, server.shutdownDelayMs));
    await listening.close(server.shutdownTimeoutMs);
    await apollo.stop();
    await database.close();
    await tracing?.shutdown();
  });
}
