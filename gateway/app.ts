import { graphqlRequestListener, type Listening, listen, type Route } from '../kernel/http.ts';
import type { InFlightLimit } from '../kernel/inFlightLimit.ts';
import { metricsRoute, observeInFlight } from '../kernel/observability/metrics.ts';
import { withServerSpan } from '../kernel/observability/serverSpan.ts';
import type { AuthConfig } from './auth/authConfig.ts';
import { gatewayContext } from './context.ts';
import { graphiqlRoutes } from './devUi/graphiqlRoutes.ts';
import { refuseRequestShape } from './limits/requestShape.ts';
import { connectRateLimits } from './rateLimit/connectRateLimits.ts';
import { rateLimitedContext } from './rateLimit/rateLimitedContext.ts';
import { subjectRateLimitPlugin } from './rateLimit/rateLimitPlugin.ts';
import { createGateway, type GatewayOptions } from './server.ts';

export interface GatewayServerOptions extends Omit<GatewayOptions, 'plugins'> {
  /** null: access control off (benchmarks only). */
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySecret'> | null;
  limit: InFlightLimit;
  port: number;
  host: string;
}

export interface RunningGateway extends Listening {
  stop(): Promise<void>;
}

/** Endpoints the gateway serves next to GraphQL; each capability adds its own. */
export function gatewayRoutes(): Route[] {
  return [metricsRoute(), ...graphiqlRoutes()];
}

/** The gateway started and listening: GraphQL at /graphql and the routes above. */
export async function startGateway(options: GatewayServerOptions): Promise<RunningGateway> {
  // Without authentication (benchmarks) there is no caller to count.
  const rateLimits = options.auth && (await connectRateLimits(options.limits));
  const gateway = createGateway({
    ...options,
    plugins: rateLimits ? [subjectRateLimitPlugin(rateLimits.limits)] : [],
  });
  await gateway.apollo.start();
  observeInFlight(options.limit);
  const context = gatewayContext(options.auth);
  const server = await listen(
    withServerSpan(
      'gateway',
      graphqlRequestListener(gateway.apollo, {
        context: rateLimits ? rateLimitedContext(context, rateLimits.limits) : context,
        limit: options.limit,
        routes: gatewayRoutes(),
        refuse: refuseRequestShape,
      }),
    ),
    options.port,
    options.host,
  );
  return {
    ...server,
    stop: async () => {
      await server.close();
      await gateway.apollo.stop();
      await gateway.close();
      await rateLimits?.close();
    },
  };
}
