import type { ApolloServerPlugin } from '@apollo/server';
import { codedError } from '../../kernel/errors.ts';

/**
 * An `operationName` the document does not hold, or a subscription, is the client's mistake:
 * said so with a code (the gateway's executor would otherwise throw an uncoded error, masked as
 * internal).
 */
export function requireOperationPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, request, schema }) => {
        if (operation && !schema.getRootType(operation.operation)) {
          throw codedError(
            'BAD_REQUEST',
            `this graph serves no ${operation.operation} operations`,
            {
              http: { status: 400 },
            },
          );
        }
        if (operation) return;
        throw codedError(
          'OPERATION_RESOLUTION_FAILURE',
          request.operationName
            ? `the document has no operation named "${request.operationName.slice(0, 100)}"`
            : 'the document has several operations: name one in operationName',
          { http: { status: 400 } },
        );
      },
    }),
  };
}
