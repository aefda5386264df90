import { accessControlOff } from '../kernel/access/accessControlOff.ts';
import { graphqlRequestListener, listen } from '../kernel/http.ts';
import { InFlightLimit } from '../kernel/inFlightLimit.ts';
import { authConfig } from './auth/authConfig.ts';
import { gatewayConfig } from './config.ts';
import { gatewayContext } from './context.ts';
import { createGateway } from './server.ts';

/** The gateway alone, in front of subgraphs running elsewhere (SUBGRAPH_URL_<NAME>). */
const config = gatewayConfig();
const auth = accessControlOff() ? null : await authConfig();
const gateway = createGateway(config);
await gateway.apollo.start();
const server = await listen(
  graphqlRequestListener(gateway.apollo, {
    context: gatewayContext(auth),
    limit: new InFlightLimit(config.maxInFlight, config.maxQueued),
  }),
  config.port,
  config.host,
);
console.log(`gateway: ${server.url}`);
const shutdown = async () => {
  await server.close();
  await gateway.apollo.stop();
  await gateway.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
