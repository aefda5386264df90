import type { ApolloServerPlugin } from '@apollo/server';
import { type GraphQLSchema, getNullableType, isListType } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { listSize } from './listSizes.ts';

/**
 * An operation's cost: one per field resolved, each list field's items multiplied by its
 * expected size (listSizes.ts), so a cycle or a nest of lists grows as its answer would.
 */
export function operationCost(
  schema: GraphQLSchema,
  query: Parameters<typeof getComplexity>[0]['query'],
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query,
    variables,
    ...(operationName ? { operationName } : {}),
    estimators: [
      ({ type, field, args, childComplexity }) => {
        const items = isListType(getNullableType(field.type))
          ? listSize(`${type.name}.${field.name}`, args)
          : 1;
        return items * (1 + childComplexity);
      },
    ],
  });
}

/** Refuses, before any subgraph is called, an operation that would cost more than `maxCost`. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, request, operationName }) => {
        let cost: number;
        try {
          cost = operationCost(
            schema,
            document,
            request.variables ?? {},
            operationName ?? undefined,
          );
        } catch (error) {
          throw badUserInput((error as Error).message);
        }
        if (cost > maxCost) {
          throw codedError(
            'QUERY_TOO_COMPLEX',
            `the operation would cost ${cost}, more than the limit of ${maxCost} (fields, multiplied by list sizes)`,
            { cost, maxCost, http: { status: 400 } },
          );
        }
      },
    }),
  };
}
