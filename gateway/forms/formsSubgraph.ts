import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { composedSdl } from '../../schema/subgraphs.ts';
import { LocalGraphQLDataSource } from '../apolloGateway.ts';
import { formsShield } from './formsShield.ts';
import { type FormsSubgraphDependencies, formsResolvers } from './resolvers.ts';

/** `buildSubgraphSchema`'s resolver map, which @apollo/subgraph does not export by name. */
type ApolloResolverMap = Extract<
  Parameters<typeof buildSubgraphSchema>[0],
  { resolvers?: unknown }
>['resolvers'];

/**
 * The `forms` subgraph, served in the gateway's process: @apollo/gateway hands a
 * LocalGraphQLDataSource the request's own context, so a field sees the caller the gateway
 * authenticated, and its form operation goes back through the gateway, signed for each agency's
 * subgraph like any other. It opens no port: nothing reaches it but the gateway's query plans.
 */
export function formsDataSource(deps: FormsSubgraphDependencies): LocalGraphQLDataSource {
  const schema = buildSubgraphSchema({
    typeDefs: parse(composedSdl('forms')),
    // Apollo types resolvers without their context; the data source gives them the gateway's.
    resolvers: formsResolvers(deps) as ApolloResolverMap,
  });
  return new LocalGraphQLDataSource(applyMiddleware(schema, formsShield(schema)));
}
