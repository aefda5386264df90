import {
  context,
  ProxyTracerProvider,
  propagation,
  type TracerOptions,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-node';

export const TRACE_EXPORTERS = ['none', 'console', 'otlp'] as const;
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number];

/** OTEL_TRACES_EXPORTER (the OpenTelemetry variable): none (the default), console or otlp. */
export function traceExporterConfig(env: NodeJS.ProcessEnv = process.env): TraceExporterName {
  const value = env.OTEL_TRACES_EXPORTER || 'none';
  if (!(TRACE_EXPORTERS as readonly string[]).includes(value))
    throw new Error(`OTEL_TRACES_EXPORTER must be one of ${TRACE_EXPORTERS.join(', ')}`);
  return value as TraceExporterName;
}

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL (the OpenTelemetry
 * variables): http/protobuf, the specification's default, or http/json. Protobuf is the cheaper to
 * make: a quarter of the bytes, written without building a JSON tree first (a span serialised in
 * 1.6 µs against JSON's 2.2).
 */
export function otlpProtocolConfig(env: NodeJS.ProcessEnv = process.env): OtlpProtocol {
  const value =
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(value))
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${OTLP_PROTOCOLS.join(', ')}`);
  return value as OtlpProtocol;
}

/** The OTLP exporter for `protocol`, loaded only then. */
async function otlpExporter(protocol: OtlpProtocol): Promise<SpanExporter> {
  const { OTLPTraceExporter } =
    protocol === 'http/json'
      ? await import('@opentelemetry/exporter-trace-otlp-http')
      : await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

let enabled = false;

/** Whether spans are being recorded: the hooks skip their work entirely when not. */
export const tracingEnabled = (): boolean => enabled;

export interface Tracing {
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /**
   * Whether the active span follows asynchronous calls (an AsyncLocalStorage context manager), as
   * a subgraph's SQL spans need to find their request's span. On Node 20 that turns on promise
   * hooks, a cost on every promise of the process, traced or not; the gateway passes its trace
   * context explicitly instead (request context → data source) and runs without one.
   */
  followAsync?: boolean;
  /** Which traces are recorded; unset: as OTEL_TRACES_SAMPLER says (parent-based, always on). */
  sampler?: Sampler;
}

/**
 * The traces the processes record when OTEL_TRACES_SAMPLER is unset: one in ten of those that
 * start here, and whatever the caller decided for those that continue its trace. Recording every
 * request cost the gateway 8 % more instructions on scenario 6, over the 5 % observability may
 * cost; one in ten 4 % (bench/RESULTS.md).
 */
export const DEFAULT_SAMPLED_RATIO = 0.1;

/** @apollo/gateway's own request/plan/execute/fetch spans: the data source makes the fetch spans. */
const NO_SPANS = new ProxyTracerProvider().getTracer('none');
const ownSpansOnly = (provider: TracerProvider): TracerProvider => ({
  getTracer: (name: string, version?: string, options?: TracerOptions) =>
    name === 'apollo/gateway-js' ? NO_SPANS : provider.getTracer(name, version, options),
});

/**
 * Sets up tracing for the process: W3C trace context in and out, spans for each server request,
 * subgraph fetch (fetchSpan.ts) and SQL statement (see sqlSpans.ts). OTLP sends to
 * OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), batched, in protobuf unless
 * OTEL_EXPORTER_OTLP_PROTOCOL says http/json; console prints each span.
 * The sampler is `sampler`, else the OpenTelemetry variables' (OTEL_TRACES_SAMPLER).
 * The SDK is loaded here, so a process that traces nothing does not hold it (1.3 MB of heap).
 */
export async function startTracing(
  serviceName: string,
  exporter: TraceExporterName | SpanExporter,
  { followAsync = true, sampler }: TracingOptions = {},
): Promise<Tracing | null> {
  if (exporter === 'none') return null;
  const [
    { AsyncLocalStorageContextManager },
    { W3CTraceContextPropagator },
    { resourceFromAttributes },
    { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor },
    { ATTR_SERVICE_NAME },
  ] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const spanProcessor =
    exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : exporter === 'otlp'
        ? new BatchSpanProcessor(await otlpExporter(otlpProtocolConfig()))
        : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [spanProcessor],
    ...(sampler ? { sampler } : {}),
  });
  trace.setGlobalTracerProvider(ownSpansOnly(provider));
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (followAsync) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  enabled = true;
  return {
    shutdown: async () => {
      enabled = false;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Starts tracing as configured by the environment; for the processes' entry points. Without
 * OTEL_TRACES_SAMPLER, parent-based with DEFAULT_SAMPLED_RATIO of the new traces.
 */
export async function startTracingFromEnv(
  serviceName: string,
  options: TracingOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | null> {
  const exporter = traceExporterConfig(env);
  if (exporter === 'none') return null;
  const sampler = env.OTEL_TRACES_SAMPLER ? undefined : await defaultSampler();
  return startTracing(serviceName, exporter, { ...options, ...(sampler ? { sampler } : {}) });
}

async function defaultSampler(): Promise<Sampler> {
  const { ParentBasedSampler, TraceIdRatioBasedSampler } = await import(
    '@opentelemetry/sdk-trace-node'
  );
  return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(DEFAULT_SAMPLED_RATIO) });
}
