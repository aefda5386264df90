import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../gateway/build.ts';
import { ensureOtlpSink, OTLP_SINK_PORT } from './otlpSink.ts';
import { benchPort } from './ports.ts';
import { type Proc, type ProcOptions, startProc } from './procs.ts';

export interface StartOptions {
  env: Record<string, string>;
  supergraphFile: string;
  /** Our subgraphs' URLs by name, when the backend is ours (see Backend.subgraphUrls). */
  subgraphUrls?: Record<string, string> | undefined;
  cpus: string | undefined;
  backend: Proc;
  /** How to run the gateway's node (bench/instructions.ts runs it under valgrind). */
  proc?: ProcOptions;
}

export interface Target {
  name: string;
  /** Whether the subgraphs behind it enforce access control (and it must authenticate). */
  accessControl: boolean;
  /** The scenarios it is meant for; unset: all. */
  scenarios?: readonly string[];
  /**
   * Our observability variables for this target; `--count subgraphs` gives them to the subgraphs
   * too (the timed bench's subgraphs are shared by all targets and trace nothing).
   */
  observability?: Record<string, string>;
  start(options: StartOptions): Promise<Proc>;
}

/** Resolved when Hive runs: bench/node_modules holds it (bench/install.ts). */
const hiveBin = () =>
  fileURLToPath(import.meta.resolve('@graphql-hive/gateway/package.json')).replace(
    /package\.json$/,
    'dist/bin.js',
  );
const PORT = String(benchPort(4400));

const BUILD_DIR = fileURLToPath(new URL('../.data/bench-build', import.meta.url));
const ENTRIES = {
  gateway: 'gateway/index.ts',
  apolloGateway: 'bench/processes/apolloGateway.ts',
  ourSubgraphs: 'bench/processes/ourSubgraphs.ts',
  floor: 'bench/processes/floor.ts',
  unsignedGateway: 'bench/processes/unsignedGateway.ts',
  guild: 'bench/guild/index.ts',
};

/**
 * How our subgraphs run in production (README): a young generation of 64 MB per semi-space, so a
 * 100-citizen batch's objects die young instead of being promoted and marked (GC was 25 % of the
 * subgraphs' CPU in scenario 3; 59 → 80 req/s). SUBGRAPHS_NODE_FLAGS replaces it.
 */
export const SUBGRAPH_NODE_FLAGS = '--max-semi-space-size=64';

/**
 * How our gateway runs in production (README): V8 lets the old generation grow only to twice what
 * survived its last full collection, not the default multiple. Peak RSS 304–310 → 184–215 MB on
 * scenarios 1, 3 and 6, at −2 % on 1 and 3 and −8 % on 6 (live heap ~46 MB). The flag is refused
 * in NODE_OPTIONS, so it goes on the command line. OUR_GATEWAY_NODE_FLAGS replaces it.
 */
export const GATEWAY_NODE_FLAGS = '--heap-growing-percent=100';

/** The compiled entry point of a process under test. */
export const built = (name: keyof typeof ENTRIES) => join(BUILD_DIR, `${name}.mjs`);

export const buildBenchProcesses = () => bundle(ENTRIES, BUILD_DIR);

/** A supergraph with the bench subgraphs' real URLs, for gateways that read them from it. */
export function benchSupergraph(urls: Record<string, string>, supergraph: string): string {
  return supergraph.replace(
    /http:\/\/([a-z_]+)\.invalid\/graphql/g,
    (whole, name: string) => urls[name] ?? whole,
  );
}

/**
 * Our gateway's limits, set so that the benchmarks' queries pass and every check still runs:
 * The Guild's query is 8 deep and its lists are priced at the default 10 items each, and one
 * benchmark client sends thousands of requests a minute.
 */
const BENCH_LIMITS = {
  GATEWAY_MAX_DEPTH: '8',
  GATEWAY_MAX_COST: '10000000',
  GATEWAY_RATE_LIMIT_CLIENT: '1000000000',
  GATEWAY_RATE_LIMIT_SUBJECT: '1000000000',
  GATEWAY_RATE_LIMIT_CITIZEN: '1000000000',
};

/**
 * Where our gateway finds the subgraphs: in front of ours, their URLs over the committed supergraph
 * (so the forms, written against it, are served: scenario 5); in front of others, their supergraph.
 */
const subgraphsOf = ({ subgraphUrls, supergraphFile }: StartOptions): Record<string, string> =>
  subgraphUrls
    ? Object.fromEntries(
        Object.entries(subgraphUrls).map(([name, url]) => [
          `SUBGRAPH_URL_${name.toUpperCase()}`,
          url,
        ]),
      )
    : { SUPERGRAPH_FILE: supergraphFile };

/**
 * The gateway's observability: `ours` logs at info (start-up and errors) and traces nothing;
 * `ours+logs` also writes a log line per request (debug), `ours+traces` records every request's
 * spans and exports them in batches over OTLP/HTTP to the harness's sink (`otlpSink.ts`), and
 * `ours+obs` does both, and `ours+obs+sampled` traces one request in ten. Metrics are on in all of them.
 */
const OBSERVABILITY_OFF = { LOG_LEVEL: 'info', OTEL_TRACES_EXPORTER: 'none' };
const LOGS_ON = { LOG_LEVEL: 'debug' };
// Every request traced, whatever the processes' default sampler (one in ten).
const TRACES_ON = {
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_TRACES_SAMPLER: 'parentbased_always_on',
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_SINK_PORT}`,
};
// One request in ten traced, the rest decided at the root and not recorded (the OpenTelemetry variables).
const SAMPLED = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' };
const OBSERVABILITY = {
  '+obs': { ...LOGS_ON, ...TRACES_ON },
  '+obs+sampled': { ...LOGS_ON, ...TRACES_ON, ...SAMPLED },
  '+logs': { ...OBSERVABILITY_OFF, ...LOGS_ON },
  '+traces': { ...OBSERVABILITY_OFF, ...TRACES_ON },
};
type Variant = '' | '+unsigned' | '+unshared' | keyof typeof OBSERVABILITY;

const ours = (accessControl: boolean, variant: Variant = ''): Target => ({
  name: `ours${accessControl ? '+access' : ''}${variant}`,
  accessControl,
  observability:
    variant in OBSERVABILITY
      ? OBSERVABILITY[variant as keyof typeof OBSERVABILITY]
      : OBSERVABILITY_OFF,
  start: async (options) => {
    if (variant.startsWith('+obs') || variant === '+traces') await ensureOtlpSink();
    return startProc(
      variant === '+unsigned' ? 'our gateway, answers unsigned' : 'our gateway',
      [
        ...(process.env.OUR_GATEWAY_NODE_FLAGS ?? GATEWAY_NODE_FLAGS).split(' ').filter(Boolean),
        built(variant === '+unsigned' ? 'unsignedGateway' : 'gateway'),
      ],
      {
        ...options.env,
        ...BENCH_LIMITS,
        ...(variant in OBSERVABILITY
          ? OBSERVABILITY[variant as keyof typeof OBSERVABILITY]
          : OBSERVABILITY_OFF),
        ...subgraphsOf(options),
        ...(variant === '+unshared' ? { GATEWAY_INFLIGHT_SHARING: 'off' } : {}),
        PORT,
        ACCESS_CONTROL: accessControl ? 'on' : 'off',
      },
      options.cpus,
      options.proc,
    );
  },
});

/**
 * Hive Gateway (bench/package.json pins its version) as shipped, or with a configuration file from
 * bench/hive/: the Rust query planner as shipped, without any sharing, and as The Guild's
 * benchmark runs it (which also shares whole executions of identical concurrent client requests).
 */
const hive = (name: string, label: string, config?: string): Target => ({
  name,
  accessControl: false,
  // Hive prints its origin; its GraphQL endpoint is /graphql.
  start: async ({ env, supergraphFile, cpus, proc }) => ({
    ...(await startProc(
      label,
      [
        hiveBin(),
        ...(config
          ? ['--config-path', fileURLToPath(new URL(`hive/${config}`, import.meta.url))]
          : []),
        'supergraph',
        supergraphFile,
        '--port',
        PORT,
        '--host',
        '127.0.0.1',
      ],
      env,
      cpus,
      proc,
    )),
    ready: `http://127.0.0.1:${PORT}/graphql`,
  }),
});

export const TARGETS: Target[] = [
  ours(false),
  // Identical subgraph fetches in flight each sent on their own (GATEWAY_INFLIGHT_SHARING=off).
  ours(false, '+unshared'),
  ours(false, '+obs'),
  ours(false, '+obs+sampled'),
  ours(false, '+logs'),
  ours(false, '+traces'),
  ours(true),
  // Prefill answers not signed (scenario 5 only): the cost of signing, against ours+access.
  { ...ours(true, '+unsigned'), scenarios: ['5a', '5b'] },
  {
    name: 'apollo',
    accessControl: false,
    start: ({ env, supergraphFile, cpus, proc }) =>
      startProc(
        '@apollo/gateway',
        [built('apolloGateway')],
        { ...env, PORT, SUPERGRAPH_FILE: supergraphFile },
        cpus,
        proc,
      ),
  },
  hive('hive', 'Hive Gateway'),
  hive('hive-rust', 'Hive Gateway, Rust planner', 'routerRuntime.config.mjs'),
  hive(
    'hive-rust-unshared',
    'Hive Gateway, Rust planner, no sharing',
    'routerRuntimeUnshared.config.mjs',
  ),
  hive(
    'hive-rust-guild',
    "Hive Gateway, Rust planner, The Guild's benchmark",
    'guildBenchmark.config.mjs',
  ),
  {
    name: 'floor',
    accessControl: false,
    start: ({ env, cpus, proc }) =>
      startProc('floor', [built('floor')], { ...env, PORT: String(benchPort(4500)) }, cpus, proc),
  },
];
