import { accessControlOff } from '../kernel/access/accessControlOff.ts';
import { InFlightLimit } from '../kernel/inFlightLimit.ts';
import { log } from '../kernel/observability/log.ts';
import { startTracingFromEnv } from '../kernel/observability/tracing.ts';
import { stopOnSignal } from '../kernel/shutdown.ts';
import { startGateway } from './app.ts';
import { authConfig } from './auth/authConfig.ts';
import { gatewayConfig } from './config.ts';

/** The gateway alone, in front of subgraphs running elsewhere (SUBGRAPH_URL_<NAME>). */
// No context manager: the request's trace reaches the data source in its context (fetchSpan.ts).
const tracing = await startTracingFromEnv('citizen-graph-gateway', { followAsync: false });
const config = gatewayConfig();
const gateway = await startGateway({
  ...config,
  auth: accessControlOff() ? null : await authConfig(),
  limit: new InFlightLimit(config.maxInFlight, config.maxQueued),
});
log.info({ service: 'gateway', url: gateway.url }, 'listening');
stopOnSignal('gateway', async () => {
  await gateway.stop();
  await tracing?.shutdown();
});
