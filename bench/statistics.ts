import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { getMaterializedViewConfig } from 'drizzle-orm/pg-core';
import { openDatabase, rowsOf } from '../db/client.ts';
import { STATISTICS_VIEWS } from '../db/schema/statistics.ts';
import { citizenCount } from '../db/seed/seed.ts';
import { startSystem } from '../deploy/local/system.ts';
import { devIssuer } from '../gateway/auth/issuers.ts';
import { DASHBOARD_QUERY } from '../gateway/dashboard/query.js';
import { generateDevKeys, signDevToken } from '../kernel/devKeys.ts';

/**
 * The province dashboard scenario, as an analyst, with access control and audit on, sent one at a
 * time: `--query page` (the default) is the query the dashboard page sends; `--query all` asks for
 * every cell of all 12 statistics of the 34 provinces and the nation.
 *   npm run bench:statistics -- --database postgres://…/db [--query page|all] [--requests 200] [--warmup 20]
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    query: { type: 'string', default: 'page' },
  },
});
if (values.query !== 'page' && values.query !== 'all')
  throw new Error(`--query is page or all, not "${values.query}"`);
if (!values.database)
  throw new Error('--database <PostgreSQL URL> is required (seeded, statistics refreshed)');
const requests = Number(values.requests);
const warmup = Number(values.warmup);

const FIELDS = [
  'populationBySexAndAge',
  'residence',
  'eidAccounts',
  'insuredByBeneficiaryGroup',
  'licencesByClass',
  'licencesByStatus',
  'licencesExpiringByMonth',
  'vehiclesByType',
  'vehiclesByRegistrationYear',
  'registrationsByMonth',
  'taxpayersByStatus',
  'taxpayersByIncomeBand',
];
const selection = `code name ${FIELDS.map((f) => `${f} { total { count suppressed } cells { category count suppressed } }`).join(' ')}`;
const ALL_QUERY = `{ provinces { ${selection} } nation { ${selection} } }`;
const QUERY = JSON.stringify({ query: values.query === 'page' ? DASHBOARD_QUERY : ALL_QUERY });

const database = openDatabase({ url: values.database, poolSize: 4 });
const db = database.drizzle();
const citizens = await citizenCount(db);
let rows = 0;
for (const view of STATISTICS_VIEWS) {
  const { name, schema } = getMaterializedViewConfig(view);
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql.raw(`select count(*)::int as n from "${schema}"."${name}"`)),
  );
  rows += row?.n ?? 0;
}
const keys = await generateDevKeys();
const system = await startSystem({
  database,
  auth: { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret },
  port: 0,
});
const token = await signDevToken(keys, { sub: 'bench-analyst', cg_kind: 'analyst' });
const ask = async () => {
  const response = await fetch(system.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: QUERY,
  });
  const text = await response.text();
  const answer = JSON.parse(text) as { errors?: unknown[]; data?: { provinces: unknown[] } };
  if (answer.errors || answer.data?.provinces.length !== 34)
    throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  return text;
};
const first = await ask();
const cells = first.match(/"suppressed":/g)?.length ?? 0;
for (let k = 1; k < warmup; k++) await ask();
const times: number[] = [];
// CPU time of this process (gateway, subgraphs and client): steadier than wall time on a shared machine.
const cpuBefore = process.cpuUsage();
for (let k = 0; k < requests; k++) {
  const started = performance.now();
  await ask();
  times.push(performance.now() - started);
  if (process.env.BENCH_VERBOSE)
    console.log(`${k}: ${(performance.now() - started).toFixed(1)} ms`);
}
const cpu = process.cpuUsage(cpuBefore);
const cpuPerQuery = ((cpu.user + cpu.system) / 1000 / requests).toFixed(1);
times.sort((a, b) => a - b);
const at = (q: number) =>
  (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
console.log(
  `${citizens} citizens, --query ${values.query} (${cells} cells, ${first.length} bytes): ` +
    `${requests} dashboard queries, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ` +
    `${cpuPerQuery} ms CPU per query in the gateway's and subgraphs' process, ` +
    `${rows} pre-aggregated rows read per query (12 views), 0 citizen rows scanned`,
);
await system.stop();
await database.close();
