// The soak run: `npm run bench:soak -- --minutes 10`. Starts the system on PostgreSQL as the
// benchmark does (compiled subgraphs with access control and audit on, and our gateway), drives it
// with a fixed mix of requests at a fixed rate for the whole time, checking every answer, and
// samples each process's RSS, heap and event-loop delay (bench/soakProbe.mjs) and the database's
// connections. Its ports are its own (4620…, 4640), so it does not need the benchmark's lock.
// Prints the error rate, each process's memory slope and event-loop delay (after the first fifth
// of the run: least squares for the slopes), then verifies every audit chain the load wrote.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { verifyAllChains } from '../db/audit/verify.ts';
import { openDatabase } from '../db/client.ts';
import { DATA_SCOPES } from '../kernel/access/scopes.ts';
import { loadOrCreateDevKeys, signDevToken } from '../kernel/devKeys.ts';
import { SUPERGRAPH_URL } from '../schema/subgraphs.ts';
import { prepareBenchDatabase } from './database.ts';
import { type Proc, startProc } from './procs.ts';
import { soakMix } from './soakMix.ts';
import {
  benchSupergraph,
  buildBenchProcesses,
  built,
  GATEWAY_NODE_FLAGS,
  SUBGRAPH_NODE_FLAGS,
} from './targets.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    rate: { type: 'string', default: '40' },
    citizens: { type: 'string', default: '100000' },
    'sample-seconds': { type: 'string', default: '10' },
    json: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const rate = Number(values.rate);
const citizens = Number(values.citizens);
const sampleSeconds = Number(values['sample-seconds']);

await buildBenchProcesses();
const url = await prepareBenchDatabase(citizens);
const probeFile = join(mkdtempSync(join(tmpdir(), 'cg-soak-')), 'probe.jsonl');
const probe = fileURLToPath(new URL('./soakProbe.mjs', import.meta.url));
const env = {
  DATABASE_URL: url,
  NODE_ENV: 'benchmark',
  NODE_OPTIONS: `--import=${probe}`,
  SOAK_PROBE_FILE: probeFile,
  SOAK_PROBE_SECONDS: String(sampleSeconds),
};

const keys = await loadOrCreateDevKeys();
const token = (claims: Record<string, unknown>) => signDevToken(keys, claims, '1h');
const mix = soakMix(citizens, {
  agency: await token({ sub: 'soak-agency', cg_kind: 'agency', scope: DATA_SCOPES.join(' ') }),
  thirdParty: await token({ sub: 'momo', cg_kind: 'third_party' }),
});

interface Sample {
  second: number;
  requests: number;
  errors: number;
  rssMb: Record<string, number>;
  dbConnections: number;
}

const subgraphs = await startProc(
  'subgraphs',
  [...SUBGRAPH_NODE_FLAGS.split(' '), built('ourSubgraphs')],
  { ...env, PORT: '4620', ACCESS_CONTROL: 'on' },
);
const supergraphFile = join(tmpdir(), 'citizen-graph-soak.graphql');
writeFileSync(
  supergraphFile,
  benchSupergraph(JSON.parse(subgraphs.ready), readFileSync(SUPERGRAPH_URL, 'utf8')),
);
const gateway = await startProc('gateway', [...GATEWAY_NODE_FLAGS.split(' '), built('gateway')], {
  ...env,
  PORT: '4640',
  SUPERGRAPH_FILE: supergraphFile,
  ACCESS_CONTROL: 'on',
});
const procs: Proc[] = [gateway, subgraphs];
const admin = postgres(url, { max: 1, onnotice: () => {} });
const databaseName = new URL(url).pathname.slice(1);

let requests = 0;
let errors = 0;
const firstErrors = new Map<string, string>();
const samples: Sample[] = [];
const started = Date.now();
const rssOf = (proc: Proc) => {
  const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
const sampler = setInterval(async () => {
  const [row] = await admin`select count(*)::int as n from pg_stat_activity
    where datname = ${databaseName} and pid <> pg_backend_pid()`;
  const sample: Sample = {
    second: Math.round((Date.now() - started) / 1000),
    requests,
    errors,
    rssMb: Object.fromEntries(procs.map((p) => [p.name, rssOf(p)])),
    dbConnections: row?.n ?? 0,
  };
  samples.push(sample);
  console.log(
    `${String(sample.second).padStart(5)} s  ${requests} requests, ${errors} errors  ` +
      `${procs.map((p) => `${p.name} ${sample.rssMb[p.name]?.toFixed(0)} MB`).join('  ')}  ` +
      `db connections ${sample.dbConnections}`,
  );
}, sampleSeconds * 1000);

const pending = new Map<object, ReturnType<typeof mix.next>>();
try {
  await autocannon({
    url: gateway.ready,
    connections,
    overallRate: rate,
    duration: minutes * 60,
    method: 'POST',
    timeout: 30,
    requests: [
      {
        setupRequest: (request: autocannon.Request, context: object) => {
          const call = mix.next();
          pending.set(context, call);
          return { ...request, body: call.body, headers: call.headers };
        },
        onResponse: (status: number, body: string, context: object) => {
          const call = pending.get(context);
          requests++;
          let problem: string | null = status === 200 ? null : `HTTP ${status}`;
          if (!problem && call) {
            try {
              problem = call.check(JSON.parse(body));
            } catch {
              problem = 'not JSON';
            }
          }
          if (problem) {
            errors++;
            const kind = call?.kind ?? 'unknown';
            if (!firstErrors.has(kind)) firstErrors.set(kind, `${problem} ← ${body.slice(0, 200)}`);
          }
        },
      },
    ],
  }).then((result) => {
    errors += result.errors + result.timeouts;
    requests += result.errors + result.timeouts;
  });
} finally {
  clearInterval(sampler);
  await gateway.stop();
  await subgraphs.stop();
  await admin.end();
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
// Start-up and warm-up (compilation, first connections) are not the steady state.
const steadyFrom = minutes * 60 * 0.2;
const pidName = new Map(procs.map((p) => [p.child.pid, p.name]));
const probes = readFileSync(probeFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(
    (line) =>
      JSON.parse(line) as {
        pid: number;
        at: number;
        rssMb: number;
        heapUsedMb: number;
        loopDelayP99Ms: number;
        loopDelayMaxMs: number;
      },
  );
const perProcess = procs.map((proc) => {
  const own = probes.filter((p) => p.pid === proc.child.pid);
  const steady = own.filter((p) => (p.at - started) / 1000 >= steadyFrom);
  const perMinute = (pick: (p: (typeof own)[number]) => number) =>
    slope(steady.map((p) => [(p.at - started) / 60_000, pick(p)]));
  return {
    process: pidName.get(proc.child.pid) ?? proc.name,
    rssStartMb: own[0]?.rssMb ?? 0,
    rssEndMb: own.at(-1)?.rssMb ?? 0,
    rssPeakMb: Math.max(0, ...own.map((p) => p.rssMb)),
    rssSlopeMbPerMinute: perMinute((p) => p.rssMb),
    heapEndMb: own.at(-1)?.heapUsedMb ?? 0,
    heapSlopeMbPerMinute: perMinute((p) => p.heapUsedMb),
    loopDelayP99MedianMs: median(steady.map((p) => p.loopDelayP99Ms)),
    loopDelayP99MaxMs: Math.max(0, ...steady.map((p) => p.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(0, ...steady.map((p) => p.loopDelayMaxMs)),
  };
});

const database = openDatabase({ url });
const chains = await verifyAllChains(database.drizzle());
await database.close();

const summary = {
  minutes,
  connections,
  rate,
  citizens,
  mix: mix.describe(),
  requests,
  errors,
  errorRate: requests === 0 ? 0 : errors / requests,
  requestsPerSecond: requests / (minutes * 60),
  firstErrors: Object.fromEntries(firstErrors),
  dbConnectionsMax: Math.max(0, ...samples.map((s) => s.dbConnections)),
  dbConnectionsEnd: samples.at(-1)?.dbConnections ?? 0,
  processes: perProcess,
  auditChains: chains.map((c) =>
    c.broken ? `${c.chain}: BROKEN ${c.broken.problem}` : `${c.chain}: ${c.records} intact`,
  ),
};
console.log(`\nmix: ${summary.mix}`);
console.log(
  `${requests} requests in ${minutes} min (${summary.requestsPerSecond.toFixed(1)} req/s of ${rate} asked, ${connections} connections), ` +
    `${errors} errors (${(summary.errorRate * 100).toFixed(3)} %)`,
);
for (const [kind, first] of firstErrors) console.log(`  first ${kind} error: ${first}`);
console.log(
  `database connections: at most ${summary.dbConnectionsMax}, ${summary.dbConnectionsEnd} at the end`,
);
console.log(
  '\n| process | RSS start → end MB | peak | RSS slope MB/min | heap end MB | heap slope MB/min | loop delay p99 ms (median · worst sample) | max ms |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const p of perProcess) {
  console.log(
    `| ${p.process} | ${p.rssStartMb.toFixed(0)} → ${p.rssEndMb.toFixed(0)} | ${p.rssPeakMb.toFixed(0)} | ${p.rssSlopeMbPerMinute.toFixed(2)} | ${p.heapEndMb.toFixed(0)} | ${p.heapSlopeMbPerMinute.toFixed(2)} | ${p.loopDelayP99MedianMs.toFixed(1)} · ${p.loopDelayP99MaxMs.toFixed(1)} | ${p.loopDelayMaxMs.toFixed(1)} |`,
  );
}
console.log(`\naudit chains: ${summary.auditChains.join('; ')}`);
if (values.json) writeFileSync(values.json, JSON.stringify({ summary, samples }, null, 2));
if (chains.some((c) => c.broken)) process.exitCode = 1;
