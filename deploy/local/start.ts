import { databaseConfig } from '../../db/config.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { gatewayConfig } from '../../gateway/config.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { log } from '../../kernel/observability/log.ts';
import { startTracingFromEnv } from '../../kernel/observability/tracing.ts';
import { stopOnSignal } from '../../kernel/shutdown.ts';
import { privacyBudgetConfig } from '../../subgraphs/shared/statistics/config.ts';
import { startSystem } from './system.ts';

/** `npm start`: the whole system in one process, on PGlite unless DATABASE_URL is set. */
const tracing = await startTracingFromEnv('citizen-graph');
const db = databaseConfig();
const {
  port,
  host,
  subgraphTimeoutMs,
  inflightSharing,
  operationCacheMiB,
  server,
  limits,
  production,
  maxInFlight,
  maxQueued,
} = gatewayConfig();
privacyBudgetConfig();
const database = await prepareDatabase({
  url: db.url,
  dataDir: db.pgliteDir,
  poolSize: db.poolSize,
  acquireTimeoutMs: db.acquireTimeoutMs,
  seedCount: db.seedCount,
  log: (message) => log.info(message),
});
const auth = await authConfig();
const system = await startSystem({
  database,
  auth,
  port,
  host,
  subgraphTimeoutMs,
  inflightSharing,
  operationCacheMiB,
  server,
  limits,
  production,
  limit: new InFlightLimit(maxInFlight, maxQueued),
});
const samples = samplePersonalIds(db.seedCount);
const sample = samples[0]?.personalId;
const query = `{ citizen(personalId: "${sample}") { fullName dateOfBirth healthInsurance { validUntil } driverLicences { class } vehicles { plate } tax { taxOffice } } }`;
console.log(`
Citizen Graph is up: ${system.url}   GraphiQL: ${new URL('/graphiql', system.url)}
Subgraphs: ${Object.entries(system.subgraphUrls)
  .map(([n, u]) => `${n} ${u}`)
  .join(', ')}
${auth.development ? 'Callers are verified against the development issuer (npm run token).' : ''}

Sample personal IDs (npm run db -- samples):
${samples.map((s) => `  ${s.personalId}  ${s.label}`).join('\n')}

Try, as that citizen with a level-2 e-ID account:
  TOKEN=$(npm run -s token -- citizen ${sample} --level 2)
  curl -s ${system.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '${JSON.stringify({ query })}'

The analyst dashboard (statistics by province):
  echo "${new URL('/dashboard', system.url)}#token=$(npm run -s token -- analyst gso)"
`);

stopOnSignal('citizen-graph', async () => {
  await system.stop();
  await database.close();
  await tracing?.shutdown();
});
