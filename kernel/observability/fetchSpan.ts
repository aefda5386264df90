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

/** Marks the fetch's span an error, `code` its `error.type` (nothing when it records nothing). */
export type FailFetch = (code: string) => void;

const noFailure: FailFetch = () => {};

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
 * gateway has no context manager). `run` gets the headers that make the subgraph's span its child,
 * and `fail`, which marks the span an error with the code of a failure `run` answers as a value
 * (the data source turns a fetch that failed into errors at its fields, and does not throw).
 *
 * A request the sampler left out gets no fetch spans: every sampler the OpenTelemetry variables
 * configure decides a child of an unsampled local parent as its parent (parent-based) or by the
 * trace id (ratio), so they would record nothing. Its fetches send the request's own trace
 * context, unsampled, so the subgraphs record nothing either.
 */
export async function withFetchSpan<T>(
  parent: Context | undefined,
  service: string,
  run: (headers: TraceHeaders, fail: FailFetch) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled() || !parent) return run(NONE, noFailure);
  const sampled = trace.getSpanContext(parent)?.traceFlags;
  if (sampled !== undefined && (sampled & TraceFlags.SAMPLED) === 0)
    return run(headersOfUnsampled(parent), noFailure);
  const span = tracer.startSpan('gateway.fetch', { kind: SpanKind.CLIENT }, parent);
  const headers: TraceHeaders = {};
  propagation.inject(trace.setSpan(parent, span), headers);
  if (!span.isRecording()) return run(headers, noFailure);
  span.setAttribute('service', service);
  const fail = (code: string) => {
    span.setAttribute('error.type', code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  };
  try {
    return await run(headers, fail);
  } catch (error) {
    fail((error as Error).name);
    throw error;
  } finally {
    span.end();
  }
}
