// What the OTLP exporter sends: protobuf unless the OpenTelemetry variables ask for JSON, to the
// configured endpoint, batched.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  otlpProtocolConfig,
  startTracing,
  startTracingFromEnv,
} from '../../kernel/observability/tracing.ts';

interface Received {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let collector: Server | undefined;
const saved = { ...process.env };
afterEach(async () => {
  process.env = { ...saved };
  if (collector?.listening) await new Promise((resolve) => collector?.close(resolve));
});

/** A collector that keeps what it is sent; OTEL_EXPORTER_OTLP_ENDPOINT points at it. */
async function startCollector(): Promise<Received[]> {
  const received: Received[] = [];
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => collector?.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
  return received;
}

/** One span exported over OTLP, flushed by the shutdown. */
async function exportOneSpan(): Promise<void> {
  const tracing = await startTracing('citizen-graph-test', 'otlp', { followAsync: false });
  trace.getTracer('test').startSpan('exported-span').end();
  await tracing?.shutdown();
}

describe('OTLP export', () => {
  it('sends protobuf to /v1/traces by default', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL;
    const received = await startCollector();
    await exportOneSpan();
    const [sent, ...more] = received;
    expect(more).toEqual([]);
    expect(sent?.path).toBe('/v1/traces');
    expect(sent?.headers['content-type']).toBe('application/x-protobuf');
    expect(sent?.body.includes(Buffer.from('exported-span'))).toBe(true);
    expect(sent?.body.includes(Buffer.from('"resourceSpans"'))).toBe(false);
  });

  it('sends JSON when OTEL_EXPORTER_OTLP_PROTOCOL says http/json', async () => {
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    const received = await startCollector();
    await exportOneSpan();
    const [sent] = received;
    expect(sent?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(String(sent?.body));
    expect(body.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('exported-span');
  });
});

/** Of `count` new traces started under the processes' configuration, how many are recorded. */
async function recordedOf(count: number, parent = ROOT_CONTEXT): Promise<number> {
  process.env.OTEL_TRACES_EXPORTER = 'otlp';
  await startCollector();
  const tracing = await startTracingFromEnv('citizen-graph-test', { followAsync: false });
  const tracer = trace.getTracer('test');
  let recorded = 0;
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('request', {}, parent);
    if (span.isRecording()) recorded++;
    span.end();
  }
  await tracing?.shutdown();
  await new Promise((resolve) => collector?.close(resolve));
  return recorded;
}

const remoteParent = (traceFlags: TraceFlags) =>
  trace.setSpan(
    ROOT_CONTEXT,
    trace.wrapSpanContext({
      traceId: 'c'.repeat(32),
      spanId: 'd'.repeat(16),
      traceFlags,
      isRemote: true,
    }),
  );

describe("the processes' sampler", () => {
  it('records one new trace in ten when OTEL_TRACES_SAMPLER is unset', async () => {
    delete process.env.OTEL_TRACES_SAMPLER;
    // Decided by the random trace id: 100 expected, 40 to 200 in all but a vanishing share of runs.
    const recorded = await recordedOf(1000);
    expect(recorded).toBeGreaterThan(40);
    expect(recorded).toBeLessThan(200);
  });

  it('follows the caller: every trace it sampled, none it left out', async () => {
    delete process.env.OTEL_TRACES_SAMPLER;
    expect(await recordedOf(50, remoteParent(TraceFlags.SAMPLED))).toBe(50);
    expect(await recordedOf(50, remoteParent(TraceFlags.NONE))).toBe(0);
  });

  it('records every trace when OTEL_TRACES_SAMPLER says so', async () => {
    process.env.OTEL_TRACES_SAMPLER = 'parentbased_always_on';
    expect(await recordedOf(200)).toBe(200);
  });
});

describe('otlpProtocolConfig', () => {
  it.each([
    [{}, 'http/protobuf'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'http/json'],
    [
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      },
      'http/protobuf',
    ],
  ])('reads %j as %s', (env, protocol) => {
    expect(otlpProtocolConfig(env)).toBe(protocol);
  });

  it('refuses a protocol it cannot send (grpc)', () => {
    expect(() => otlpProtocolConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /http\/protobuf, http\/json/,
    );
  });
});
