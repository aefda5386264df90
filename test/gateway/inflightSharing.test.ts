// Identical subgraph fetches share one upstream call while it is in flight only where the answer
// depends on no one caller: everything with access control off, `@public` reference data, and
// statistics within one caller class. Citizen data under access control is never shared: each
// request still reaches the subgraph and leaves its own audit record. A gate in front of the real
// population subgraph holds fetches so that two client requests are surely in flight together.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { startSubgraphs } from '../../deploy/local/system.ts';
import { type RunningGateway, startGateway } from '../../gateway/app.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { type DevKeys, generateDevKeys, signDevToken } from '../../kernel/devKeys.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { subgraphFetchesJoined } from '../../kernel/observability/metrics.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import { type HeldSubgraph, startHeldSubgraph } from '../support/heldSubgraph.ts';
import type { GraphQLResponse } from '../support/testSystem.ts';

const url = inject('testDatabaseUrl');
const someone = samplePersonalIds(TEST_POPULATION).find((s) => s.label.startsWith('level-2'));
if (!someone) throw new Error('no level-2 citizen in the test population');
const CITIZEN = 'query ($id: ID!) { citizen(personalId: $id) { fullName } }';
const STATISTIC = '{ nation { populationBySexAndAge { total { count } } } }';

interface Graph {
  gateway: RunningGateway;
  population: HeldSubgraph;
  stop(): Promise<void>;
}

/** Subgraphs and a gateway whose population fetches pass the gate; `keys` null: access off. */
async function startGraph(database: Database, keys: DevKeys | null): Promise<Graph> {
  const subgraphs = await startSubgraphs({
    database,
    gatewaySecret: keys?.gatewaySecret ?? null,
    host: '127.0.0.1',
    basePort: 0,
  });
  const population = await startHeldSubgraph(subgraphs.subgraphUrls.population);
  const gateway = await startGateway({
    subgraphUrls: { ...subgraphs.subgraphUrls, population: population.url },
    auth: keys && { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret },
    limit: new InFlightLimit(64, 2_000),
    limits: { ...DEFAULT_LIMITS, clientPerMinute: 0, citizenPerMinute: 0, subjectPerMinute: 0 },
    production: false,
    port: 0,
    host: '127.0.0.1',
  });
  return {
    gateway,
    population,
    stop: async () => {
      await gateway.stop();
      await subgraphs.stop();
      await population.close();
    },
  };
}

const joined = async () =>
  (await subgraphFetchesJoined.get()).values.find((v) => v.labels.subgraph === 'population')
    ?.value ?? 0;

async function ask(
  graph: Graph,
  query: string,
  headers: Record<string, string> = {},
  variables: Record<string, unknown> = {},
) {
  const response = await fetch(graph.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<{ citizen?: { fullName: string } | null }>;
}

/**
 * Sends the requests together while the gate holds population's fetches, and lets them go once
 * each has either reached the gate or joined a fetch in flight. Returns the answers and how many
 * fetches reached the subgraph.
 */
async function together<A>(graph: Graph, requests: (() => Promise<A>)[], release = 'forward') {
  const before = await joined();
  const reached = graph.population.requests.length;
  graph.population.hold();
  const answers = Promise.all(requests.map((request) => request()));
  for (let i = 0; ; i++) {
    const arrived = graph.population.requests.length - reached + (await joined()) - before;
    if (arrived >= requests.length) break;
    if (i > 3_000) throw new Error(`only ${arrived} of ${requests.length} fetches arrived`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  graph.population.release(release as 'forward' | 'fail');
  return { answers: await answers, calls: graph.population.requests.length - reached };
}

describe.skipIf(!url)('in-flight sharing of subgraph fetches', () => {
  let database: Database;
  let keys: DevKeys;
  let off: Graph;
  let on: Graph;
  const bearer = async (claims: Record<string, unknown>) => ({
    authorization: `Bearer ${await signDevToken(keys, claims)}`,
  });

  beforeAll(async () => {
    database = openDatabase({ url: url as string, poolSize: 4 });
    keys = await generateDevKeys();
    off = await startGraph(database, null);
    on = await startGraph(database, keys);
  });

  afterAll(async () => {
    await off?.stop();
    await on?.stop();
    await database?.close();
  });

  it('sends two concurrent identical requests to the subgraph once with access control off', async () => {
    const request = () => ask(off, CITIZEN, {}, { id: someone.personalId });
    const { answers, calls } = await together(off, [request, request]);
    expect(calls).toBe(1);
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.citizen?.fullName).toBe(expectedCitizen(someone.index).fullName);
    }
  });

  it('gives both callers the error of a failing shared fetch', async () => {
    const request = () =>
      ask(
        off,
        'query ($id: ID!) { citizen(personalId: $id) { sex } }',
        {},
        { id: someone.personalId },
      );
    const { answers, calls } = await together(off, [request, request], 'fail');
    expect(calls).toBe(1);
    for (const answer of answers) {
      expect(answer.data?.citizen ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_BAD_RESPONSE',
        serviceName: 'population',
      });
    }
  });

  it('never shares citizen data under access control: two calls, two audit records', async () => {
    const agency = {
      ...(await bearer({
        sub: 'inflight-agency',
        cg_kind: 'agency',
        scope: DATA_SCOPES.join(' '),
      })),
      'x-purpose': 'inflight-test',
    };
    const ids = [randomUUID(), randomUUID()];
    const request = (id: string) => () =>
      ask(on, CITIZEN, { ...agency, 'x-request-id': id }, { id: someone.personalId });
    const { answers, calls } = await together(on, ids.map(request));
    expect(calls).toBe(2);
    for (const answer of answers)
      expect(answer.data?.citizen?.fullName).toBe(expectedCitizen(someone.index).fullName);
    const sql = database.sql;
    if (!sql) throw new Error('the audit log is read on PostgreSQL');
    const rows = await sql<{ request_id: string }[]>`
      select request_id from access.audit_log
      where request_id = any(${ids}) and subgraph = 'population' and decision = 'ALLOW'
        and subject = ${someone.personalId} and caller_id = 'inflight-agency'`;
    expect(rows.map((r) => r.request_id).sort()).toEqual([...ids].sort());
  });

  it('shares a fetch of @public reference data between different callers', async () => {
    const citizen = await bearer({ sub: someone.personalId, cg_kind: 'citizen', eid_level: 2 });
    const analyst = await bearer({ sub: 'inflight-analyst-a', cg_kind: 'analyst' });
    const query = '{ provinces { code name } }';
    const { answers, calls } = await together(on, [
      () => ask(on, query, citizen),
      () => ask(on, query, analyst),
    ]);
    expect(calls).toBe(1);
    expect(answers[0]?.errors).toBeUndefined();
    expect(answers[1]).toEqual(answers[0]);
  });

  it('shares statistics within one caller class only', async () => {
    const a = await bearer({ sub: 'inflight-analyst-a', cg_kind: 'analyst' });
    const b = await bearer({ sub: 'inflight-analyst-b', cg_kind: 'analyst' });
    const same = await together(on, [() => ask(on, STATISTIC, a), () => ask(on, STATISTIC, a)]);
    expect(same.calls).toBe(1);
    expect(same.answers[0]?.errors).toBeUndefined();
    expect(same.answers[1]).toEqual(same.answers[0]);
    const other = await together(on, [() => ask(on, STATISTIC, a), () => ask(on, STATISTIC, b)]);
    expect(other.calls).toBe(2);
    expect(other.answers[1]).toEqual(other.answers[0]);
  });

  it('never shares a differentially private statistic: each request debits its own budget', async () => {
    const a = await bearer({ sub: 'inflight-analyst-dp', cg_kind: 'analyst' });
    const query =
      '{ nation { populationBySexAndAge(privacy: { epsilon: 0.5 }) { total { count } } } }';
    const { answers, calls } = await together(on, [
      () => ask(on, query, a),
      () => ask(on, query, a),
    ]);
    expect(calls).toBe(2);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
  });
});
