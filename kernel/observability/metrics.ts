import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Route } from '../route.ts';
import { statementsInFlight } from './sqlSpans.ts';

/**
 * The process's Prometheus metrics. A process may run the gateway and subgraphs together (npm
 * start, tests): every family carries the `service` it was measured in, and each server's
 * `/metrics` shows the whole process.
 */
export const registry = new Registry();
// Event-loop delay (nodejs_eventloop_lag_*), heap, GC, CPU and handles.
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const graphqlRequests = new Counter({
  name: 'cg_graphql_requests_total',
  help: 'GraphQL requests answered, by service and operation kind (query, mutation, unknown)',
  labelNames: ['service', 'operation'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'cg_graphql_request_duration_seconds',
  help: 'GraphQL request latency from parsing to the answer, by service and operation kind',
  labelNames: ['service', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: 'cg_graphql_errors_total',
  help: 'Errors in GraphQL answers, by service and extensions.code',
  labelNames: ['service', 'code'] as const,
  registers: [registry],
});

export const subgraphFetches = new Histogram({
  name: 'cg_subgraph_fetch_duration_seconds',
  help: "The gateway's fetches from each subgraph, by subgraph",
  labelNames: ['subgraph'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const subgraphFetchesJoined = new Counter({
  name: 'cg_subgraph_fetches_joined_total',
  help: "The gateway's subgraph fetches that joined an identical one in flight instead of being sent, by subgraph",
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

export const subgraphRetries = new Counter({
  name: 'cg_subgraph_retries_total',
  help: "The gateway's queries sent to a subgraph a second time after its connection closed without an answer, by subgraph",
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

export const subgraphErrors = new Counter({
  name: 'cg_subgraph_errors_total',
  help: 'Errors a subgraph answered the gateway (or FETCH_FAILED when it could not), by subgraph and code',
  labelNames: ['subgraph', 'code'] as const,
  registers: [registry],
});

export const accessDenials = new Counter({
  name: 'cg_access_denials_total',
  help: 'Access decisions that denied, by service, reason and scope',
  labelNames: ['service', 'reason', 'scope'] as const,
  registers: [registry],
});

export const consentChecks = new Counter({
  name: 'cg_consent_checks_total',
  help: "Decisions that depended on a citizen's consent, by service, scope and outcome (ALLOW or the denial reason)",
  labelNames: ['service', 'scope', 'outcome'] as const,
  registers: [registry],
});

export const auditRecords = new Counter({
  name: 'cg_audit_records_written_total',
  help: 'Audit records written to access.audit_log',
  registers: [registry],
});

export const auditWriteDuration = new Histogram({
  name: 'cg_audit_write_duration_seconds',
  help: 'Duration of one audit insert (one or more requests group-committed)',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** A gauge read at scrape time from the object that holds the figure. */
export function sampledGauge(
  name: string,
  help: string,
  labelNames: readonly string[],
  read: () => { labels: Record<string, string>; value: number }[],
): void {
  const existing = registry.getSingleMetric(name);
  if (existing) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of read()) this.set(labels, value);
    },
  });
}

/** `GET /metrics` in Prometheus' text format. */
export function metricsRoute(): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(body);
    },
  };
}

/** Counts a denial by reason and scope, and every decision a consent was consulted for. */
export function observeDecision(
  service: string,
  callerKind: string,
  scope: string,
  decision: { allowed: true } | { allowed: false; reason: string },
): void {
  if (!decision.allowed) accessDenials.inc({ service, reason: decision.reason, scope });
  if (callerKind === 'third_party' || callerKind === 'one_stop_shop')
    consentChecks.inc({ service, scope, outcome: decision.allowed ? 'ALLOW' : decision.reason });
}

/** Requests executing and waiting at the gateway's in-flight limit, read at each scrape. */
export function observeInFlight(limit: { inFlight: number; queued: number }): void {
  sampledGauge('cg_requests_in_flight', 'Requests executing at the gateway', [], () => [
    { labels: {}, value: limit.inFlight },
  ]);
  sampledGauge('cg_requests_queued', 'Requests waiting for a slot at the gateway', [], () => [
    { labels: {}, value: limit.queued },
  ]);
}

/**
 * Pool use: the pool's size (postgres.js; PGlite has one connection) and the statements in flight
 * (more than the size means statements wait for a connection).
 */
export function observePool(database: { kind: string; sql?: { options: { max: number } } }): void {
  sampledGauge(
    'cg_db_statements_in_flight',
    'Statements sent and not yet answered (past the pool size they wait for a connection)',
    [],
    () => [{ labels: {}, value: statementsInFlight() }],
  );
  sampledGauge('cg_db_pool_size', 'Connections the database pool may open', ['driver'], () => [
    { labels: { driver: database.kind }, value: database.sql?.options.max ?? 1 },
  ]);
}
