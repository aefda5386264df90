import { createRequire, Module } from 'node:module';
import type * as ApolloGatewayModule from '@apollo/gateway';

/**
 * What @apollo/gateway requires as it loads but this gateway never runs: Apollo's own usage
 * telemetry (OpenTelemetry's metrics SDK and exporter and four clouds' resource detectors, off by
 * APOLLO_TELEMETRY_DISABLED, server.ts) and node-fetch (for the stock data source and Apollo's
 * federated tracing; AgencyDataSource fetches with undici). Loaded, they are 9 MB of the gateway's
 * live heap, which V8's heap growth then doubles under load.
 */
export const DEFERRED_MODULES = [
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/resource-detector-alibaba-cloud',
  '@opentelemetry/resource-detector-aws',
  '@opentelemetry/resource-detector-azure',
  '@opentelemetry/resource-detector-gcp',
  'node-fetch',
] as const;

/**
 * A stand-in that loads the real module the first time anything is read from it, called or
 * constructed: @apollo/gateway reads these modules' members only inside the functions that use them.
 */
function loadedOnFirstUse(file: string, require: NodeJS.Require): unknown {
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      delete require.cache[file];
      real = require(file) as object;
    }
    return real;
  };
  return new Proxy(() => {}, {
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
    apply: (_target, self, args) => Reflect.apply(load() as () => unknown, self, args),
    construct: (_target, args) => Reflect.construct(load() as new () => object, args),
  });
}

/**
 * @apollo/gateway, loaded with the modules above deferred: each is put in the module cache
 * (`require.cache`, which Node lets a program fill) as a stand-in, unless something loaded it already.
 */
function loadApolloGateway(): typeof ApolloGatewayModule {
  const require = createRequire(import.meta.url);
  const fromGateway = createRequire(require.resolve('@apollo/gateway'));
  for (const name of DEFERRED_MODULES) {
    const file = fromGateway.resolve(name);
    if (require.cache[file]) continue;
    const module = new Module(file);
    module.filename = file;
    module.loaded = true;
    module.exports = loadedOnFirstUse(file, require);
    require.cache[file] = module;
  }
  return require('@apollo/gateway') as typeof ApolloGatewayModule;
}

export const { ApolloGateway, LocalGraphQLDataSource, buildOperationContext, executeQueryPlan } =
  loadApolloGateway();
export type ApolloGateway = ApolloGatewayModule.ApolloGateway;
export type LocalGraphQLDataSource = ApolloGatewayModule.LocalGraphQLDataSource;
