import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { graphqlRequestListener, type Listening, listen } from '../../kernel/http.ts';
import { serverConfig } from '../../kernel/serverConfig.ts';
import { GUILD_RESOLVERS, type GuildSubgraphName } from './resolvers.ts';
import { GUILD_SUBGRAPH_NAMES, guildSdl } from './sdl.ts';

export interface GuildSubgraphs {
  urls: Record<GuildSubgraphName, string>;
  stop(): Promise<void>;
}

/**
 * Starts the four benchmark subgraphs in this process, on basePort, basePort + 1, … in the order
 * accounts, inventory, products, reviews; basePort 0 gives each an ephemeral port.
 */
export async function startGuildSubgraphs(basePort: number): Promise<GuildSubgraphs> {
  const apollos: ApolloServer[] = [];
  const servers: Listening[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(apollos.map((apollo) => apollo.stop()));
  };
  const urls = {} as Record<GuildSubgraphName, string>;
  try {
    for (const [index, name] of GUILD_SUBGRAPH_NAMES.entries()) {
      const apollo = guildApolloServer(name);
      await apollo.start();
      apollos.push(apollo);
      const port = basePort === 0 ? 0 : basePort + index;
      const server = await listen(
        graphqlRequestListener(apollo, { context: async () => ({}) }),
        port,
        '127.0.0.1',
        // HTTP_*_TIMEOUT_MS as our processes read them: bench:instructions lifts them under valgrind.
        serverConfig(),
      );
      servers.push(server);
      urls[name] = server.url;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}

function guildApolloServer(name: GuildSubgraphName): ApolloServer {
  const schema = buildSubgraphSchema({
    typeDefs: parse(guildSdl(name)),
    resolvers: GUILD_RESOLVERS[name],
  });
  return new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
}
