import type { GraphQLFormattedError } from 'graphql';
import type { AgencyDataSource } from '../agencyDataSource.ts';
import type { GatewayContext } from '../context.ts';
import type { FetchChannel } from '../execution/planRunner.ts';

/** What a form's fetch is sent through: the gateway's data source for that subgraph. */
export type FetchService = Pick<AgencyDataSource, 'process'>;

/**
 * A form's plan run outside Apollo's pipeline: each fetch through the gateway's own data source
 * (signed per subgraph, traced, bounded, shared in flight) with the prefill's context, its errors
 * handed on already formatted, as @apollo/gateway's and then Apollo Server's formatting leave them.
 */
export function agencyChannel(
  services: ReadonlyMap<string, FetchService>,
): FetchChannel<GatewayContext, GraphQLFormattedError> {
  return {
    serves: (serviceName) => services.has(serviceName),
    send: (context, fetch, variables) =>
      (services.get(fetch.serviceName) as FetchService).process({
        request: { query: fetch.operation, variables, operationName: fetch.operationName },
        context,
        document: fetch.operationDocumentNode,
      }),
    downstreamError: (error, message, serviceName, path) => {
      const code = error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR';
      const extensions = { ...error.extensions, serviceName, code };
      return path ? { message, path, extensions } : { message, extensions };
    },
    fetchFailed: (error) => ({
      message: (error as Error).message,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    }),
  };
}
