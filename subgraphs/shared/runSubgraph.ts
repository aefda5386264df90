import { databaseConfig, positiveInteger } from '../../db/config.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { graphqlRequestListener, listen } from '../../kernel/http.ts';
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
  const database = await prepareDatabase({
    url: config.url,
    poolSize: config.poolSize,
    seedCount: config.seedCount,
    log: console.log,
  });
  const { apollo, context } = buildSubgraph(definition, database, {
    tokenKey: await subgraphKeyConfig(definition.name),
  });
  await apollo.start();
  const port = positiveInteger('PORT', subgraphPort(definition.name, 4000));
  const server = await listen(
    graphqlRequestListener(apollo, { context }),
    port,
    process.env.HOST || '127.0.0.1',
  );
  console.log(`${definition.name} subgraph: ${server.url}`);
  const shutdown = async () => {
    await server.close();
    await apollo.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
