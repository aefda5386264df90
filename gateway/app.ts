import { graphqlRequestListener, type Listening, listen, type Route } from '../kernel/http.ts';
import type { InFlightLimit } from '../kernel/inFlightLimit.ts';
import type { AuthConfig } from './auth/authConfig.ts';
import { gatewayContext } from './context.ts';
import { formRegistry } from './forms/formRegistry.ts';
import { formsRoute } from './forms/formsRoute.ts';
import { type PrefillDependencies, prefillRoute } from './forms/prefillRoute.ts';
import { trustedDocuments } from './forms/trustedDocuments.ts';
import { refuseRequestShape } from './limits/requestShape.ts';
import { connectRateLimits } from './rateLimit/connectRateLimits.ts';
import { rateLimitedContext } from './rateLimit/rateLimitedContext.ts';
import { subjectRateLimitPlugin } from './rateLimit/rateLimitPlugin.ts';
import { createGateway, type GatewayOptions } from './server.ts';
import { jwksRoute } from './signing/jwksRoute.ts';
import { type SigningKeys, signingKeysConfig } from './signing/signingKeys.ts';

export interface GatewayServerOptions extends Omit<GatewayOptions, 'plugins'> {
  /** null: access control off (benchmarks only). */
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySecret'> | null;
  limit: InFlightLimit;
  port: number;
  host: string;
  /** The keys answers are signed with; unset: GATEWAY_SIGNING_KEYS_FILE or the development key. */
  signing?: SigningKeys;
}

export interface RunningGateway extends Listening {
  stop(): Promise<void>;
}

/** Endpoints the gateway serves next to GraphQL; each capability adds its own. */
export function gatewayRoutes(deps: PrefillDependencies): Route[] {
  return [jwksRoute(deps.signing), formsRoute(deps.forms), prefillRoute(deps)];
}

/** The gateway started and listening: GraphQL at /graphql and the routes above. */
export async function startGateway(options: GatewayServerOptions): Promise<RunningGateway> {
  // Forms are written against our supergraph; a benchmark's other supergraph serves none.
  const forms = options.supergraphFile ? new Map() : formRegistry();
  // Without authentication (benchmarks) there is no caller to count.
  const rateLimits = options.auth && (await connectRateLimits(options.limits));
  const gateway = createGateway({
    ...options,
    trustedDocuments: trustedDocuments(forms),
    plugins: rateLimits ? [subjectRateLimitPlugin(rateLimits.limits)] : [],
  });
  await gateway.apollo.start();
  const authenticated = gatewayContext(options.auth);
  const context = rateLimits ? rateLimitedContext(authenticated, rateLimits.limits) : authenticated;
  const routes = gatewayRoutes({
    apollo: gateway.apollo,
    context,
    limit: options.limit,
    signing: options.signing ?? (await signingKeysConfig()),
    forms,
  });
  const server = await listen(
    graphqlRequestListener(gateway.apollo, {
      context,
      limit: options.limit,
      routes,
      refuse: refuseRequestShape,
    }),
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
