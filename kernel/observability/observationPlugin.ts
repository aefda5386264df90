import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type Context, trace } from '@opentelemetry/api';
import { log } from './log.ts';
import { graphqlDuration, graphqlErrors, graphqlRequests } from './metrics.ts';

/** Client-chosen names may hold anything; long digit runs (an ID) are masked. */
const safeName = (name: string | null | undefined) =>
  name ? name.slice(0, 64).replace(/\d{4,}/g, '#') : undefined;

/**
 * Per GraphQL request: the request and latency metrics by operation kind, error counts by code,
 * and one debug log line with ids and codes only (LOG_LEVEL=debug turns these lines on).
 */
export function observationPlugin(service: string): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const kind = operation?.operation ?? 'unknown';
          const seconds = (performance.now() - started) / 1000;
          graphqlRequests.inc({ service, operation: kind });
          graphqlDuration.observe({ service, operation: kind }, seconds);
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          for (const code of codes) graphqlErrors.inc({ service, code });
          if (!log.isLevelEnabled('debug')) return;
          const { requestId, trace: traced } = contextValue as {
            requestId?: string;
            trace?: Context;
          };
          // The gateway passes its trace explicitly (no context manager for the log's mixin to read).
          const traceId = traced && trace.getSpanContext(traced)?.traceId;
          log.debug({
            service,
            requestId,
            ...(traceId ? { traceId } : {}),
            operation: kind,
            operationName: safeName(operationName),
            status: response.http.status ?? 200,
            durationMs: Math.round(seconds * 10_000) / 10,
            ...(codes.length > 0 ? { errorCodes: [...new Set(codes)] } : {}),
          });
        },
      };
    },
  };
}
