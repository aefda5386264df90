// A subgraph fetch's span and trace headers, for a request the sampler kept and for one it left
// out (which gets no fetch span, only its own trace context, unsampled).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgencyDataSource, subgraphAgent } from '../../gateway/agencyDataSource.ts';
import type { GatewayContext } from '../../gateway/context.ts';
import { withFetchSpan } from '../../kernel/observability/fetchSpan.ts';
import { startTracing, type Tracing } from '../../kernel/observability/tracing.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;
beforeAll(async () => {
  tracing = await startTracing('citizen-graph-test', exporter, { followAsync: false });
});
afterAll(async () => {
  await tracing?.shutdown();
});
beforeEach(() => exporter.reset());

const TRACE_ID = 'a'.repeat(32);
const SPAN_ID = 'b'.repeat(16);
const requestContext = (traceFlags: TraceFlags) =>
  trace.setSpan(
    ROOT_CONTEXT,
    trace.wrapSpanContext({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags }),
  );

describe('withFetchSpan', () => {
  it('records a client span under a sampled request and sends the subgraph its context', async () => {
    const headers = await withFetchSpan(requestContext(TraceFlags.SAMPLED), 'tax', async (h) => h);
    const [span, ...more] = exporter.getFinishedSpans();
    expect(more).toEqual([]);
    expect(span?.name).toBe('gateway.fetch');
    expect(span?.attributes.service).toBe('tax');
    expect(span?.parentSpanContext?.spanId).toBe(SPAN_ID);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${span?.spanContext().spanId}-01`);
  });

  it('records nothing under a request the sampler left out, and passes its context on unsampled', async () => {
    const parent = requestContext(TraceFlags.NONE);
    const first = await withFetchSpan(parent, 'tax', async (h) => h);
    const second = await withFetchSpan(parent, 'vehicles', async (h) => h);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(first.traceparent).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
    // Made once per request, not per fetch.
    expect(second).toBe(first);
  });

  it('marks the span an error with the code of a fetch that failed', async () => {
    // A port nothing listens on: the fetch fails, and answers errors at its fields.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const agent = subgraphAgent(5_000);
    const source = new AgencyDataSource(
      'tax',
      `http://127.0.0.1:${port}/graphql`,
      agent,
      5_000,
      1e6,
    );
    const query = '{ citizen(personalId: "001099012345") { taxOffice } }';
    const answer = await source.process({
      request: { query, variables: {} },
      context: { trace: requestContext(TraceFlags.SAMPLED) } as GatewayContext,
      document: parse(query),
    });
    await agent.close();
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({
      service: 'tax',
      'error.type': 'SUBGRAPH_UNAVAILABLE',
    });
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'SUBGRAPH_UNAVAILABLE' });
  });

  it('leaves the span unset when the fetch succeeds', async () => {
    await withFetchSpan(requestContext(TraceFlags.SAMPLED), 'tax', async (h) => h);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes['error.type']).toBeUndefined();
  });
});
