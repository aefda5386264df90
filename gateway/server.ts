import { readFileSync } from 'node:fs';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { observationPlugin } from '../kernel/observability/observationPlugin.ts';
import type { FormPlan } from '../schema/forms/plan.ts';
import { SUPERGRAPH_URL } from '../schema/subgraphs.ts';
import { AgencyDataSource, type Exchange, subgraphAgent } from './agencyDataSource.ts';
import { ApolloGateway } from './apolloGateway.ts';
import { DEFAULT_OPERATION_CACHE_MIB, DEFAULT_SUBGRAPH_TIMEOUT_MS } from './config.ts';
import type { GatewayContext } from './context.ts';
import { DirectExecution } from './execution/directExecution.ts';
import { holdNamesOneByte } from './execution/oneByteNames.ts';
import { formsDataSource } from './forms/formsSubgraph.ts';
import { executeOn, type SignAnswer } from './forms/prefill.ts';
import { trustedDocumentStore, trustedDocumentsPlugin } from './forms/trustedDocuments.ts';
import { costLimitPlugin } from './limits/costLimitPlugin.ts';
import { gatewayFormatError } from './limits/limitErrors.ts';
import type { LimitsConfig } from './limits/limitsConfig.ts';
import { operationRules } from './limits/operationRules.ts';
import { requireOperationPlugin } from './limits/requireOperationPlugin.ts';
import { InFlightFetches } from './sharing/inFlightFetches.ts';

/** Calls others may join at once: the gateway runs 64 requests by default, each a few fetches. */
const MAX_SHARED_FETCHES = 1_000;

export interface GatewayOptions {
  subgraphUrls: Partial<Record<string, string>>;
  /** Another supergraph than the committed one (benchmarks); its own URLs serve as defaults. */
  supergraphFile?: string | undefined;
  /** Registered operations by id: the only ones the one-stop-shop may run (form operations). */
  trustedDocuments?: ReadonlyMap<string, string>;
  /** A subgraph fetch not answered within this is given up, with an error naming the service. */
  subgraphTimeoutMs?: number;
  /** GATEWAY_INFLIGHT_SHARING; on unless given. */
  inflightSharing?: boolean;
  /** GATEWAY_OPERATION_CACHE_MIB: each of the parsed operations and their plans, by approximate size. */
  operationCacheMiB?: number;
  limits: LimitsConfig;
  /** NODE_ENV=production: no introspection, no field suggestions. */
  production: boolean;
  /** Plugins of other capabilities (rate limits). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** What the in-process `forms` subgraph serves: the forms and the answers' signer. */
  forms?: { forms: ReadonlyMap<string, FormPlan>; sign: SignAnswer };
}

const NO_FORMS = {
  forms: new Map<string, FormPlan>(),
  sign: (): Buffer[] => {
    throw new Error('this gateway signs no prefill answers');
  },
};

/** Builds the gateway over the committed supergraph; it never listens (see index.ts). */
export function createGateway({
  subgraphUrls,
  supergraphFile,
  trustedDocuments = new Map(),
  subgraphTimeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
  inflightSharing = true,
  operationCacheMiB = DEFAULT_OPERATION_CACHE_MIB,
  limits,
  production,
  plugins = [],
  forms = NO_FORMS,
}: GatewayOptions) {
  const agent = subgraphAgent(subgraphTimeoutMs);
  // Apollo sizes a parsed operation and a plan by their JSON, which leaves out the tokens each
  // node's location keeps: with its defaults (30 and 50 MiB) 12,000 distinct operations took
  // 233 MB of heap, still growing, and V8's heap growth doubles that in RSS (bench/HISTORY.md).
  const maxSize = operationCacheMiB * 2 ** 20;
  const documentStore = new InMemoryLRUCache<DocumentNode>({ maxSize });
  const queryPlanStore = new InMemoryLRUCache<QueryPlan>({ maxSize });
  const inFlight = inflightSharing ? new InFlightFetches<Exchange>(MAX_SHARED_FETCHES) : null;
  // Filled when the gateway loads its supergraph (apollo.start()): forms' plans fetch through them.
  const services = new Map<string, AgencyDataSource>();
  // @apollo/gateway otherwise probes four clouds' metadata endpoints when it is built and sends
  // usage metrics to Apollo's servers every minute: a closed network allows neither (noPhoneHome.test.ts).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const supergraphSdl = readFileSync(supergraphFile ?? SUPERGRAPH_URL, 'utf8');
  holdNamesOneByte(supergraphSdl);
  const direct = new DirectExecution(supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl,
    experimental_didResolveQueryPlan: direct.remember,
    // Each fetch of a cached plan then carries its parsed document, one object: the data source
    // classifies it for in-flight sharing once (a WeakMap), where it parsed the text every fetch.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true, cache: queryPlanStore },
    buildService: ({ name, url: fromSupergraph }) => {
      // Served in this process, never over HTTP: no URL is read for it, from anywhere.
      if (name === 'forms') return formsDataSource({ ...forms, run: executeOn(apollo) });
      const url = subgraphUrls[name] ?? (supergraphFile ? fromSupergraph : undefined);
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      const service = new AgencyDataSource(
        name,
        url,
        agent,
        subgraphTimeoutMs,
        limits.maxSubgraphResponseBytes,
        inFlight,
      );
      services.set(name, service);
      return service;
    },
  });
  gateway.executor = direct.executor(gateway.executor);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: gatewayFormatError,
    includeStacktraceInErrorResponses: false,
    // Refused in production by operationRules, with a code of ours and no product's name.
    introspection: true,
    hideSchemaDetailsFromClientErrors: production,
    validationRules: operationRules(limits, production),
    parseOptions: { maxTokens: limits.maxTokens },
    documentStore,
    persistedQueries: { cache: trustedDocumentStore(trustedDocuments) },
    plugins: [
      requireOperationPlugin(),
      costLimitPlugin(limits.maxCost),
      trustedDocumentsPlugin(trustedDocuments),
      ...plugins,
      observationPlugin('gateway'),
    ],
  });
  return {
    apollo,
    documentStore,
    queryPlanStore,
    services: services as ReadonlyMap<string, AgencyDataSource>,
    close: () => agent.close(),
  };
}
