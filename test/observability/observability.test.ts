// Logs, metrics and traces of the running system: one gateway and five subgraphs over real HTTP,
// traced into an in-memory exporter, with the log captured (test/support/captureLogs.ts).
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { log } from '../../kernel/observability/log.ts';
import { startTracing, type Tracing } from '../../kernel/observability/tracing.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { capturedLogLines } from '../support/captureLogs.ts';
import { sampleValue } from '../support/metrics.ts';
import { findPersonalData, seededPersonalData } from '../support/personalData.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';
import { CITIZEN_QUERY, tracedCitizenQuery } from '../support/traces.ts';

const [sample] = samplePersonalIds(TEST_POPULATION);
const backend = backends().at(-1);
if (!sample || !backend) throw new Error('no sample citizen or backend');

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;
let system: TestSystem;
beforeAll(async () => {
  // Before the system is built: statements prepared earlier would not be traced.
  tracing = await startTracing('citizen-graph-test', exporter);
  system = await startTestSystem(backend);
});
afterAll(async () => {
  await system?.stop();
  await tracing?.shutdown();
});

const scrape = async (url: string) => {
  const response = await fetch(new URL('/metrics', url));
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

describe('traces', () => {
  it('follow one citizen query from the gateway through every subgraph to its SQL, in one trace', async () => {
    const { spans, server, gateway } = await tracedCitizenQuery(
      system,
      exporter,
      sample.personalId,
    );
    const traceId = gateway.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const fetches = inTrace.filter((s) => s.name === 'gateway.fetch');
    expect(new Set(fetches.map((s) => s.attributes.service))).toEqual(new Set(SUBGRAPH_NAMES));
    for (const name of SUBGRAPH_NAMES) {
      const subgraph = server(name).filter((s) => s.spanContext().traceId === traceId);
      expect(subgraph, `${name}'s server span in the gateway's trace`).toHaveLength(1);
      const fetch = fetches.find((s) => s.attributes.service === name);
      expect(subgraph[0]?.parentSpanContext?.spanId).toBe(fetch?.spanContext().spanId);
      const sql = inTrace.filter(
        (s) =>
          s.attributes['db.system.name'] === 'postgresql' &&
          s.parentSpanContext?.spanId !== undefined &&
          isUnder(s, subgraph[0] as ReadableSpan, inTrace),
      );
      expect(sql.length, `${name}'s SQL spans`).toBeGreaterThan(0);
      // The audit write (`/* audit */ …`), whatever statement carries it.
      expect(sql.map((s) => s.name).some((n) => n.endsWith(' audit'))).toBe(true);
    }
    const statements = inTrace.map((s) => String(s.attributes['db.query.text'] ?? ''));
    expect(statements.some((t) => t.includes(sample.personalId))).toBe(false);
  });
});

/** Whether `span` descends from `ancestor` among `spans`. */
function isUnder(span: ReadableSpan, ancestor: ReadableSpan, spans: ReadableSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  let parent = span.parentSpanContext?.spanId;
  while (parent) {
    if (parent === ancestor.spanContext().spanId) return true;
    parent = byId.get(parent)?.parentSpanContext?.spanId;
  }
  return false;
}

describe('metrics', () => {
  it('count requests, latency, errors, denials, consent checks and audit writes with their labels', async () => {
    const before = await scrape(system.url);
    const bank = await system.token({ sub: 'vietcombank', cg_kind: 'third_party' });
    await system.query(CITIZEN_QUERY, { id: sample.personalId });
    const denied = await system.query(
      `{ citizen(personalId: "${sample.personalId}") { fullName } }`,
      undefined,
      // A purpose no other suite grants a consent for: the test database is shared between files.
      { authorization: `Bearer ${bank}`, 'x-purpose': 'metrics-without-consent' },
    );
    expect(denied.errors?.[0]?.extensions?.reason).toBe('CONSENT_REQUIRED');
    const bad = await system.query('{ citizen(personalId: "12") { fullName } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await scrape(system.url);
    const moved = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);

    expect(moved('cg_graphql_requests_total', { service: 'gateway', operation: 'query' })).toBe(3);
    expect(moved('cg_graphql_requests_total', { service: 'tax', operation: 'query' })).toBe(1);
    expect(
      moved('cg_graphql_request_duration_seconds_count', {
        service: 'gateway',
        operation: 'query',
      }),
    ).toBe(3);
    expect(moved('cg_graphql_errors_total', { service: 'gateway', code: 'FORBIDDEN' })).toBe(1);
    expect(moved('cg_graphql_errors_total', { service: 'gateway', code: 'BAD_USER_INPUT' })).toBe(
      1,
    );
    expect(moved('cg_subgraph_errors_total', { subgraph: 'population', code: 'FORBIDDEN' })).toBe(
      1,
    );
    expect(moved('cg_subgraph_fetch_duration_seconds_count', { subgraph: 'driving' })).toBe(1);
    expect(
      moved('cg_access_denials_total', {
        service: 'population',
        reason: 'CONSENT_REQUIRED',
        scope: 'identity',
      }),
    ).toBe(1);
    expect(
      moved('cg_consent_checks_total', {
        service: 'population',
        scope: 'identity',
        outcome: 'CONSENT_REQUIRED',
      }),
    ).toBe(1);
    expect(moved('cg_audit_records_written_total', {})).toBeGreaterThanOrEqual(6);
    expect(moved('cg_audit_write_duration_seconds_count', {})).toBeGreaterThan(0);
    for (const family of [
      'cg_requests_in_flight',
      'cg_requests_queued',
      'cg_db_pool_size',
      'cg_db_statements_in_flight',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(after).toMatch(new RegExp(`^${family}(\\{[^}]*\\})? \\d`, 'm'));
  });

  it('are served by each subgraph too', async () => {
    for (const url of Object.values(system.subgraphUrls))
      expect(await scrape(url)).toContain('cg_graphql_requests_total');
  });
});

describe('logs', () => {
  it('carry request and trace ids, and the scan finds a leak when there is one', async () => {
    capturedLogLines.length = 0;
    await system.query(
      CITIZEN_QUERY,
      { id: sample.personalId },
      {
        ...system.defaultHeaders,
        'x-request-id': 'observability-test-1',
      },
    );
    const lines = capturedLogLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = lines.filter((l) => l.requestId === 'observability-test-1');
    expect(new Set(requestLines.map((l) => l.service))).toEqual(
      new Set(['gateway', ...SUBGRAPH_NAMES]),
    );
    const traceIds = new Set(requestLines.map((l) => l.traceId));
    expect(traceIds.size).toBe(1);
    expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);

    const values = seededPersonalData();
    expect(findPersonalData(capturedLogLines, values)).toEqual([]);
    const leak = [JSON.stringify({ msg: `looked up ${sample.personalId}` })];
    expect(findPersonalData(leak, values)).toHaveLength(1);
    expect(
      findPersonalData(
        [`{"auth":"Bearer ${system.defaultHeaders.authorization?.slice(7)}"}`],
        values,
      ),
    ).toHaveLength(1);
    log.debug('done');
  });
});
