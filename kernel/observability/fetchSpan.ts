import {
  type Context,
  propagation,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/gateway');

/** Headers that carry a fetch's trace context to the subgraph (W3C `traceparent`). */
export type TraceHeaders = Record<string, string>;

const NONE: TraceHeaders = Object.freeze({}) as TraceHeaders;

/** The headers of a request left out by the sampler, made once for all its fetches. */
const unsampledHeaders = new WeakMap<Context, TraceHeaders>();

function headersOfUnsampled(parent: Context): TraceHeaders {
  let headers = unsampledHeaders.get(parent);
  if (!headers) {
    headers = {};
    propagation.inject(parent, headers);
    unsampledHeaders.set(parent, Object.freeze(headers));
  }
  return headers;
}

/**
 * Runs one subgraph fetch in a client span `gateway.fetch` with its `service`, as
 * @apollo/gateway names its own, child of the request's span (`parent`, passed explicitly: the
 * gateway has no context manager). `run` gets the headers that make the subgraph's span its child.
 *
 * A request the sampler left out gets no fetch spans: every sampler the OpenTelemetry variables
 * configure decides a child of an unsampled local parent as its parent (parent-based) or by the
 * trace id (ratio), so they would record nothing. Its fetches send the request's own trace
 * context, unsampled, so the subgraphs record nothing either.
 */
export async function withFetchSpan<T>(
  parent: Context | undefined,
  service: string,
  run: (headers: TraceHeaders) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled() || !parent) return run(NONE);
  const sampled = trace.getSpanContext(parent)?.traceFlags;
  if (sampled !== undefined && (sampled & TraceFlags.SAMPLED) === 0)
    return run(headersOfUnsampled(parent));
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
