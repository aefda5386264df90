import { Health } from '../kernel/health.ts';
import { graphqlRequestListener, type Listening, listen, type Route } from '../kernel/http.ts';
import type { InFlightLimit } from '../kernel/inFlightLimit.ts';
import { metricsRoute, observeInFlight } from '../kernel/observability/metrics.ts';
import { withServerSpan } from '../kernel/observability/serverSpan.ts';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from '../kernel/serverConfig.ts';
import type { AuthConfig } from './auth/authConfig.ts';
import { connectRedis } from './connectRedis.ts';
import { gatewayContext } from './context.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { graphiqlRoutes } from './devUi/graphiqlRoutes.ts';
import { directRunner, planFormOperations } from './forms/formOperations.ts';
import { formRegistry } from './forms/formRegistry.ts';
import { formsRoute } from './forms/formsRoute.ts';
import { executeOn } from './forms/prefill.ts';
import { answerSigner, type PrefillDependencies, prefillRoute } from './forms/prefillRoute.ts';
import { trustedDocuments } from './forms/trustedDocuments.ts';
import { refuseRequestShape } from './limits/requestShape.ts';
import { rateLimitedContext } from './rateLimit/rateLimitedContext.ts';
import { subjectRateLimitPlugin } from './rateLimit/rateLimitPlugin.ts';
import { RateLimits } from './rateLimit/rateLimits.ts';
import { subgraphsReachable } from './readiness.ts';
import { createGateway, type GatewayOptions } from './server.ts';
import { MemoryNonces, type NonceStore, RedisNonces } from './shares/nonces.ts';
import { shareRoutes } from './shares/shareRoute.ts';
import { jwksRoute } from './signing/jwksRoute.ts';
import { type SigningKeys, signingKeysConfig } from './signing/signingKeys.ts';

export interface GatewayServerOptions extends Omit<GatewayOptions, 'plugins'> {
  /** null: access control off (benchmarks only). */
  auth: Pick<AuthConfig, 'issuers' | 'gatewaySecret' | 'tokenLifetimes'> | null;
  limit: InFlightLimit;
  port: number;
  host: string;
  /** The keys answers are signed with; unset: GATEWAY_SIGNING_KEYS_FILE or the development key. */
  signing?: SigningKeys;
  /** A stand-in for signing prefill answers (benchmarks only: PrefillDependencies.sign). */
  sign?: PrefillDependencies['sign'];
  /** Edge timeouts and shutdown (HTTP_*_TIMEOUT_MS, SHUTDOWN_*_MS). */
  server?: ServerConfig;
}

/** Where presentation nonces live in Redis, apart from the rate limits' counters. */
const NONCE_PREFIX = 'cg:shares';

export interface RunningGateway extends Listening {
  /** Readiness false, then (after the shutdown delay) no new connections; in-flight requests finish. */
  stop(): Promise<void>;
}

/** Endpoints the gateway serves next to GraphQL; each capability adds its own. */
export function gatewayRoutes(
  health: Health,
  deps: PrefillDependencies & { nonces: NonceStore },
  production = false,
): Route[] {
  return [
    ...health.routes,
    metricsRoute(),
    ...(production ? [] : graphiqlRoutes()),
    jwksRoute(deps.signing),
    formsRoute(deps.forms),
    prefillRoute(deps),
    ...shareRoutes(deps),
    ...dashboardRoutes(),
  ];
}

/** The gateway started and listening: GraphQL at /graphql and the routes above. */
export async function startGateway(options: GatewayServerOptions): Promise<RunningGateway> {
  // Forms are written against our supergraph; a benchmark's other supergraph serves none.
  const forms = options.supergraphFile ? new Map() : formRegistry();
  const config = options.server ?? DEFAULT_SERVER_CONFIG;
  const redis =
    options.auth && options.limits.redisUrl ? await connectRedis(options.limits.redisUrl) : null;
  // Without authentication (benchmarks) there is no caller to count.
  const rateLimits = options.auth && new RateLimits(options.limits, redis ?? undefined);
  const nonces = redis ? new RedisNonces(redis, NONCE_PREFIX) : new MemoryNonces();
  const signing = options.signing ?? (await signingKeysConfig());
  const gateway = createGateway({
    ...options,
    trustedDocuments: trustedDocuments(forms),
    plugins: rateLimits ? [subjectRateLimitPlugin(rateLimits)] : [],
    forms: { forms, sign: answerSigner({ signing, sign: options.sign }) },
  });
  await gateway.apollo.start();
  const health = new Health(subgraphsReachable(options.subgraphUrls));
  const authenticated = gatewayContext(options.auth);
  const context = rateLimits ? rateLimitedContext(authenticated, rateLimits) : authenticated;
  observeInFlight(options.limit);
  const run = directRunner({
    operations: planFormOperations(forms),
    services: gateway.services,
    fallback: executeOn(gateway.apollo),
    countSubjects: rateLimits
      ? (caller, subjects) => rateLimits.subjects(caller, subjects)
      : undefined,
  });
  const routes = gatewayRoutes(
    health,
    {
      apollo: gateway.apollo,
      run,
      context,
      limit: options.limit,
      signing,
      sign: options.sign,
      forms,
      nonces,
    },
    options.production,
  );
  const server = await listen(
    withServerSpan(
      'gateway',
      graphqlRequestListener(gateway.apollo, {
        context,
        limit: options.limit,
        routes,
        refuse: refuseRequestShape,
        maxResponseBytes: options.limits.maxResponseBytes,
        service: 'gateway',
      }),
    ),
    options.port,
    options.host,
    config,
  );
  return {
    ...server,
    stop: async () => {
      health.drain();
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
      await server.close(config.shutdownTimeoutMs);
      await gateway.apollo.stop();
      await gateway.close();
      redis?.disconnect();
    },
  };
}
