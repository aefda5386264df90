import type { GraphQLFieldResolver, GraphQLScalarType } from 'graphql';

// biome-ignore lint/suspicious/noExplicitAny: each resolver types its own parent, as in Apollo's map
type FieldResolvers<TContext> = { [fieldName: string]: GraphQLFieldResolver<any, TContext> };

/**
 * A subgraph's resolvers, in the shape `buildSubgraphSchema` takes (`@apollo/subgraph` does not
 * export its own name for it): field resolvers by type (`__resolveReference` among them), scalars,
 * and enum values.
 */
export interface ResolverMap<TContext> {
  [typeName: string]:
    | FieldResolvers<TContext>
    | GraphQLScalarType
    | { [enumValue: string]: string | number };
}

/**
 * A subgraph's resolvers as `buildSubgraphSchema` takes them, typed where they are written by the
 * `Resolvers<Context>` generated from its SDL (subgraphs/<name>/resolverTypes.generated.ts).
 */
export type SubgraphResolvers = { [typeName: string]: object | undefined };
