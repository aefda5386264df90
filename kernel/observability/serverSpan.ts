import type { IncomingMessage, ServerResponse } from 'node:http';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/http');

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * A server span around each request, continuing the caller's W3C trace context (`traceparent`),
 * so a subgraph's spans join the gateway's trace. Does nothing while tracing is off.
 */
export function withServerSpan(service: string, listener: Listener): Listener {
  return (req, res) => {
    if (!tracingEnabled()) return listener(req, res);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const path = (req.url ?? '/').split('?')[0];
    return tracer.startActiveSpan(
      `${req.method} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'cg.service': service, 'http.request.method': req.method, 'url.path': path },
      },
      parent,
      async (span) => {
        try {
          await listener(req, res);
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
