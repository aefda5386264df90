import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { startSubgraphs } from '../../deploy/local/system.ts';
import { type RunningGateway, startGateway } from '../../gateway/app.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { type DevKeys, generateDevKeys, signDevToken } from '../../kernel/devKeys.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../../kernel/serverConfig.ts';
import type { SubgraphName } from '../../schema/subgraphs.ts';
import { startTcpProxy, type TcpProxy } from './tcpProxy.ts';
import type { GraphQLResponse } from './testSystem.ts';

export interface Answer<D = Record<string, unknown>> extends GraphQLResponse<D> {
  status: number;
  requestId: string;
}

export interface FaultSystem {
  gateway: RunningGateway;
  /** The subgraphs' own URLs, and the proxy in front of each one named at start. */
  subgraphUrls: Record<SubgraphName, string>;
  proxies: Partial<Record<SubgraphName, TcpProxy>>;
  keys: DevKeys;
  /** Asks the gateway as an agency with every scope, under a fresh request id. */
  ask<D = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<Answer<D>>;
  /** The subgraphs that audited each of these requests. */
  audited(requestIds: string[]): Promise<Map<string, Set<string>>>;
  stop(): Promise<void>;
}

export interface FaultSystemOptions {
  /** What the subgraphs use; `audit` reads the log (it may be another connection). */
  database: Database;
  audit: Database;
  /** Subgraphs the gateway reaches through a proxy the test controls. */
  proxied?: SubgraphName[];
  subgraphTimeoutMs?: number;
  server?: Partial<ServerConfig>;
}

/** Gateway and subgraphs over real HTTP, with proxies where the test will break things. */
export async function startFaultSystem(options: FaultSystemOptions): Promise<FaultSystem> {
  const keys = await generateDevKeys();
  const server = { ...DEFAULT_SERVER_CONFIG, ...options.server };
  const subgraphs = await startSubgraphs({
    database: options.database,
    gatewaySecret: keys.gatewaySecret,
    host: '127.0.0.1',
    basePort: 0,
    server,
  });
  const proxies: Partial<Record<SubgraphName, TcpProxy>> = {};
  const routed = { ...subgraphs.subgraphUrls };
  for (const name of options.proxied ?? []) {
    const url = new URL(subgraphs.subgraphUrls[name]);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    proxies[name] = proxy;
    url.port = String(proxy.port);
    routed[name] = url.toString();
  }
  const gateway = await startGateway({
    subgraphUrls: routed,
    auth: { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret },
    limit: new InFlightLimit(64, 2_000),
    // The load these tests send reads one citizen again and again: no rate limits here.
    limits: { ...DEFAULT_LIMITS, clientPerMinute: 0, citizenPerMinute: 0, subjectPerMinute: 0 },
    production: false,
    port: 0,
    host: '127.0.0.1',
    server,
    ...(options.subgraphTimeoutMs ? { subgraphTimeoutMs: options.subgraphTimeoutMs } : {}),
  });
  const authorization = `Bearer ${await signDevToken(keys, {
    sub: 'fault-test-agency',
    cg_kind: 'agency',
    scope: DATA_SCOPES.join(' '),
  })}`;
  return {
    gateway,
    subgraphUrls: subgraphs.subgraphUrls,
    proxies,
    keys,
    ask: async (query, variables) => {
      const requestId = randomUUID();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          'x-purpose': 'fault-test',
          'x-request-id': requestId,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse<never>;
      return { status: response.status, requestId, ...body };
    },
    audited: async (requestIds) => {
      const sql = options.audit.sql;
      if (!sql) throw new Error('the fault tests read the audit log on PostgreSQL');
      const rows = await sql<{ request_id: string; subgraph: string }[]>`
        select distinct request_id, subgraph from access.audit_log
        where request_id = any(${requestIds}) and decision = 'ALLOW'`;
      const bySubgraph = new Map<string, Set<string>>();
      for (const row of rows) {
        const set = bySubgraph.get(row.request_id) ?? new Set<string>();
        set.add(row.subgraph);
        bySubgraph.set(row.request_id, set);
      }
      return bySubgraph;
    },
    stop: async () => {
      await gateway.stop();
      await subgraphs.stop();
      await Promise.all(Object.values(proxies).map((p) => p.close()));
    },
  };
}

/** Keeps `concurrency` requests in flight until `stop` is called, and returns every answer. */
export function underLoad<A>(concurrency: number, request: () => Promise<A>) {
  const answers: A[] = [];
  let running = true;
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) answers.push(await request());
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return answers;
    },
  };
}
