import type { ApolloServerPlugin } from '@apollo/server';
import {
  BREAK,
  type DocumentNode,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  visit,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import { FLAT_RECORDS, listSize, SIZING_ARGUMENTS } from './listSizes.ts';

/**
 * An operation's cost: one per field resolved, each list field's items multiplied by its
 * expected size (listSizes.ts), so a cycle or a nest of lists grows as its answer would. A flat
 * record (FLAT_RECORDS) is one per item, its own selection not counted.
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
        const own = FLAT_RECORDS.has(getNamedType(field.type).name) ? 0 : childComplexity;
        return items * (1 + own);
      },
    ],
  });
}

/** Whether a list's size in this document comes from a variable (`citizens(personalIds: $ids)`). */
function sizedByVariables(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Argument: (argument) => {
      if (!SIZING_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, {
        Variable: () => {
          found = true;
          return BREAK;
        },
      });
      return found ? BREAK : false;
    },
  });
  return found;
}

/**
 * Refuses, before any subgraph is called, an operation that would cost more than `maxCost`.
 * Apollo hands every request of one query text the same parsed document, so a cost that does not
 * depend on variables is computed once per document and operation; only lists sized by a
 * variable are priced per request.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  const costs = new WeakMap<DocumentNode, Map<string | null, number>>();
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, request, operationName }) => {
        let cost = costs.get(document)?.get(operationName);
        if (cost === undefined) {
          try {
            cost = operationCost(
              schema,
              document,
              request.variables ?? {},
              operationName ?? undefined,
            );
          } catch (error) {
            throw badUserInput((error as Error).message, { http: { status: 400 } });
          }
          if (!sizedByVariables(document)) {
            const byOperation = costs.get(document) ?? new Map<string | null, number>();
            costs.set(document, byOperation.set(operationName, cost));
          }
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
