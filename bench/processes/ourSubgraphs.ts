// Our five subgraphs in one process, for the benchmark harness (bench/run.ts).
import { openDatabase } from '../../db/client.ts';
import { envInt, envPort } from '../../db/env.ts';
import { startSubgraphs } from '../../deploy/local/system.ts';
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { accessControlOff } from '../../kernel/access/accessControlOff.ts';
import { startTracingFromEnv } from '../../kernel/observability/tracing.ts';
import { serverConfig } from '../../kernel/serverConfig.ts';
import { BENCH_POOL_SIZE } from '../poolSize.ts';

// Off unless OTEL_TRACES_EXPORTER is set (bench:instructions --count subgraphs, ours+traces).
await startTracingFromEnv('citizen-graph-subgraphs');
const url = process.env.DATABASE_URL;
if (!url) throw new Error('the benchmark runs on PostgreSQL: set DATABASE_URL');
const database = openDatabase({
  url,
  poolSize: envInt('DATABASE_POOL_SIZE', BENCH_POOL_SIZE),
});
const gatewaySecret = accessControlOff() ? null : (await authConfig()).gatewaySecret;
const subgraphs = await startSubgraphs({
  database,
  gatewaySecret,
  host: '127.0.0.1',
  basePort: envPort('PORT', 4300),
  // HTTP_*_TIMEOUT_MS as every other process reads them: bench:instructions lifts them under valgrind.
  server: serverConfig(),
});
console.log(`ready ${JSON.stringify(subgraphs.subgraphUrls)}`);
