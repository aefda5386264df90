import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/http');

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const requestContexts = new WeakMap<object, Context>();

/** The trace context of a request's server span (the root context while tracing is off). */
export const requestTraceContext = (request: object): Context =>
  requestContexts.get(request) ?? ROOT_CONTEXT;

/** `derived` (a copy of a request's headers, say) in the same trace as `request`. */
export function inTraceOf<T extends object>(request: object, derived: T): T {
  const traced = requestContexts.get(request);
  if (traced) requestContexts.set(derived, traced);
  return derived;
}

/**
 * A server span around each request, continuing the caller's W3C trace context (`traceparent`),
 * so a subgraph's spans join the gateway's trace. The span's context is the request's
 * (`requestTraceContext`) and, where a context manager follows async calls, the active one while
 * the listener runs. Does nothing while tracing is off; a request the sampler leaves out gets a
 * span that records nothing, and no attributes are built for it.
 */
export function withServerSpan(service: string, listener: Listener): Listener {
  return (req, res) =>
    tracingEnabled() ? traced(service, listener, req, res) : listener(req, res);
}

/** The request under its server span (tracing on). */
async function traced(
  service: string,
  listener: Listener,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const path = (req.url ?? '/').split('?')[0];
  const span = tracer.startSpan(`${req.method} ${path}`, { kind: SpanKind.SERVER }, parent);
  const spanContext = trace.setSpan(parent, span);
  requestContexts.set(req, spanContext);
  if (!span.isRecording()) return context.with(spanContext, listener, undefined, req, res);
  span.setAttributes({
    'cg.service': service,
    'http.request.method': req.method,
    'url.path': path,
  });
  try {
    await context.with(spanContext, listener, undefined, req, res);
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    throw error;
  } finally {
    span.end();
  }
}
