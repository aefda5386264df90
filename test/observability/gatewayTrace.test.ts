// The gateway's trace with no context manager in the process (as gateway/index.ts runs it): the
// request's span reaches the subgraph fetches through the request context alone.
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { startTracing, type Tracing } from '../../kernel/observability/tracing.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';
import { tracedCitizenQuery } from '../support/traces.ts';

const [sample] = samplePersonalIds(TEST_POPULATION);
const backend = backends().at(-1);
if (!sample || !backend) throw new Error('no sample citizen or backend');

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;
let system: TestSystem;
beforeAll(async () => {
  tracing = await startTracing('citizen-graph-test', exporter, { followAsync: false });
  system = await startTestSystem(backend);
});
afterAll(async () => {
  await system?.stop();
  await tracing?.shutdown();
});

describe('gateway traces without a context manager', () => {
  it('runs with no active context to follow', () => {
    const span = trace.wrapSpanContext({
      traceId: '1'.repeat(32),
      spanId: '2'.repeat(16),
      traceFlags: 1,
    });
    expect(context.with(trace.setSpan(ROOT_CONTEXT, span), () => context.active())).toBe(
      ROOT_CONTEXT,
    );
  });

  it('parents each subgraph fetch on the request span and each subgraph request on its fetch', async () => {
    const { spans, server, gateway } = await tracedCitizenQuery(
      system,
      exporter,
      sample.personalId,
    );
    const { traceId, spanId } = gateway.spanContext();
    const fetches = spans.filter((s) => s.name === 'gateway.fetch');
    expect(new Set(fetches.map((s) => s.attributes.service))).toEqual(new Set(SUBGRAPH_NAMES));
    for (const fetch of fetches) {
      expect(fetch.spanContext().traceId).toBe(traceId);
      expect(fetch.parentSpanContext?.spanId).toBe(spanId);
      const [subgraph, ...more] = server(String(fetch.attributes.service));
      expect(more).toEqual([]);
      expect(subgraph?.parentSpanContext?.spanId).toBe(fetch.spanContext().spanId);
    }
    expect(spans.filter((s) => s.instrumentationScope.name === 'apollo/gateway-js')).toEqual([]);
  });
});
