import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export const TRACE_EXPORTERS = ['none', 'console', 'otlp'] as const;
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number];

/** OTEL_TRACES_EXPORTER (the OpenTelemetry variable): none (the default), console or otlp. */
export function traceExporterConfig(env: NodeJS.ProcessEnv = process.env): TraceExporterName {
  const value = env.OTEL_TRACES_EXPORTER || 'none';
  if (!(TRACE_EXPORTERS as readonly string[]).includes(value))
    throw new Error(`OTEL_TRACES_EXPORTER must be one of ${TRACE_EXPORTERS.join(', ')}`);
  return value as TraceExporterName;
}

let enabled = false;

/** Whether spans are being recorded: the hooks skip their work entirely when not. */
export const tracingEnabled = (): boolean => enabled;

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider for the process: W3C trace context in and out, spans for each
 * server request, subgraph fetch (by @apollo/gateway) and SQL statement (see sqlSpans.ts). OTLP sends to
 * OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), batched; console prints each span.
 */
export function startTracing(
  serviceName: string,
  exporter: TraceExporterName | SpanExporter,
): Tracing | null {
  if (exporter === 'none') return null;
  const spanProcessor =
    exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : exporter === 'otlp'
        ? new BatchSpanProcessor(new OTLPTraceExporter())
        : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [spanProcessor],
  });
  provider.register();
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

/** Starts tracing as configured by the environment; for the processes' entry points. */
export function startTracingFromEnv(serviceName: string): Tracing | null {
  return startTracing(serviceName, traceExporterConfig());
}
