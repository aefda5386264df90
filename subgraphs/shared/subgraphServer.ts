import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import type { Db } from '../../db/client.ts';
import { type SubgraphName, subgraphSdl } from '../../schema/subgraphs.ts';
import { formatError } from './formatError.ts';

export interface SubgraphContext<L> {
  loaders: L;
  requestId: string;
}

/** What makes one subgraph different from another; everything else is shared. */
export interface SubgraphDefinition<L> {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<SubgraphContext<L>>;
  /** Called once per request: loaders batch and cache within that request only. */
  createLoaders: (db: Db) => L;
}

export interface BuiltSubgraph<L> {
  apollo: ApolloServer<SubgraphContext<L>>;
  context: (request: IncomingMessage) => Promise<SubgraphContext<L>>;
}

export function buildSubgraph<L>(definition: SubgraphDefinition<L>, db: Db): BuiltSubgraph<L> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(definition.name)),
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const context = async (request: IncomingMessage): Promise<SubgraphContext<L>> => {
    const header = request.headers['x-request-id'];
    return {
      loaders: definition.createLoaders(db),
      requestId: typeof header === 'string' ? header : randomUUID(),
    };
  };
  return { apollo, context };
}
