import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { RateLimits } from './rateLimits.ts';
import { operationSubjects } from './subjects.ts';

/** Counts, before any subgraph is called, each citizen (or plate) an operation reads. */
export function subjectRateLimitPlugin(limits: RateLimits): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ contextValue, document, operation, request }) => {
        if (!operation || contextValue.subjectsCounted) return;
        const subjects = operationSubjects(document, operation, request.variables ?? {});
        if (subjects.length > 0) await limits.subjects(contextValue.identity.caller, subjects);
      },
    }),
  };
}
