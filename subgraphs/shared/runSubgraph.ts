import { databaseConfig } from '../../db/config.ts';
import { envPort, envString } from '../../db/env.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { Health } from '../../kernel/health.ts';
import { graphqlRequestListener, listen } from '../../kernel/http.ts';
import { serverConfig } from '../../kernel/serverConfig.ts';
import { stopOnSignal } from '../../kernel/shutdown.ts';
import { subgraphKeyConfig } from '../../kernel/subgraphKey.ts';
import { subgraphPort } from '../../schema/subgraphs.ts';
import { buildSubgraph, type SubgraphDefinition } from './subgraphServer.ts';

/**
 * Runs one subgraph as its own process. On PostgreSQL (DATABASE_URL) it shares the agencies'
 * database; without it, it seeds a private in-memory PGlite, since PGlite has one writer.
 */
export async function runSubgraph<L, S, T extends Record<string, unknown>>(
  definition: SubgraphDefinition<L, S, T>,
) {
  const config = databaseConfig();
  const server = serverConfig();
  const database = await prepareDatabase({
    url: config.url,
    poolSize: config.poolSize,
    seedCount: config.seedCount,
    log: console.log,
  });
  const { apollo, context, ready } = buildSubgraph(definition, database, {
    tokenKey: await subgraphKeyConfig(definition.name),
  });
  await apollo.start();
  const port = envPort('PORT', subgraphPort(definition.name, 4000));
  const health = new Health(ready);
  const listening = await listen(
    graphqlRequestListener(apollo, { context, routes: health.routes }),
    port,
    envString('HOST', '127.0.0.1'),
    server,
  );
  console.log(`${definition.name} subgraph: ${listening.url}`);
  // Each answer waits for its audit records, so once requests in flight are done nothing is owed.
  stopOnSignal(definition.name, async () => {
    health.drain();
    await new Promise((resolve) => setTimeout(resolve, server.shutdownDelayMs));
    await listening.close(server.shutdownTimeoutMs);
    await apollo.stop();
    await database.close();
  });
}
