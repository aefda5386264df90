import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { ServiceMap } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { FetchChannel } from './planRunner.ts';

type ProcessOptions = Parameters<ServiceMap[string]['process']>[0];
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION, an enum @apollo/gateway does not export. */
const INCOMING_OPERATION = 'incoming operation' as ProcessOptions['kind'];

/**
 * The gateway's own way of running a plan's fetches, as @apollo/gateway's `executeFetch` does:
 * through its service map with the request's context, subgraph errors recorded in the request's
 * metrics and handed on as federation's GraphQLErrors, a thrown error handed on as it is.
 */
export function serviceMapChannel(
  services: ServiceMap,
): FetchChannel<GatewayGraphQLRequestContext, unknown> {
  return {
    serves: (serviceName) => !!services[serviceName],
    send: async (requestContext, fetch, variables, path) => {
      const service = services[fetch.serviceName] as ServiceMap[string];
      const response = await service.process({
        kind: INCOMING_OPERATION,
        request: {
          query: fetch.operation,
          variables,
          operationName: fetch.operationName,
          http: undefined,
        },
        incomingRequestContext: requestContext,
        context: requestContext.context,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: path,
      });
      if (response.errors && !response.extensions?.ftv1) {
        const metrics = requestContext.metrics;
        const paths = response.errors.map((error) => ({
          subgraph: fetch.serviceName,
          path: error.path,
        }));
        if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...paths);
        else metrics.nonFtv1ErrorPaths = paths;
      }
      return response;
    },
    downstreamError: (original, message, serviceName, path) => {
      const options = {
        originalError: original as Error,
        path,
        extensions: { ...original.extensions, serviceName },
      };
      const codeDef = errorCodeDef(original as GraphQLError);
      if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
      return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
    },
    fetchFailed: (error) => error,
  };
}
