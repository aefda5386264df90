import { type Context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/gateway');

/** Headers that carry a fetch's trace context to the subgraph (W3C `traceparent`). */
export type TraceHeaders = Record<string, string>;

const NONE: TraceHeaders = Object.freeze({}) as TraceHeaders;

/**
 * Runs one subgraph fetch in a client span `gateway.fetch` with its `service`, as
 * @apollo/gateway names its own, child of the request's span (`parent`, passed explicitly: the
 * gateway has no context manager). `run` gets the headers that make the subgraph's span its child.
 */
export async function withFetchSpan<T>(
  parent: Context | undefined,
  service: string,
  run: (headers: TraceHeaders) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled() || !parent) return run(NONE);
  const span = tracer.startSpan('gateway.fetch', { kind: SpanKind.CLIENT }, parent);
  const headers: TraceHeaders = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  if (!span.isRecording()) return run(headers);
  span.setAttribute('service', service);
  try {
    return await run(headers);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
    throw error;
  } finally {
    span.end();
  }
}
