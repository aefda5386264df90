// Instructions per request: `npm run bench:instructions -- [options]`. Runs each gateway under
// valgrind's callgrind in front of the same subgraphs, sends it the same random requests (warm-up
// first), and counts the instructions it executed for the measured ones: every thread, GC and
// compiler included, and again without the optimising compiler, which a short warm-up leaves at
// work. A count does not move with the VM's speed, so the ratios between gateways hold from one
// machine to the next; what still varies a little is how far the compiler has got.
// `--count subgraphs` counts our five subgraphs' process instead (scenarios 1–4), where access
// control does its work: compare `ours` with `ours+access` there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_SCOPES } from '../kernel/access/scopes.ts';
import { loadOrCreateDevKeys, signDevToken } from '../kernel/devKeys.ts';
import { type Backend, startGuildSubgraphs, startOurSubgraphs } from './backends.ts';
import { prepareBenchDatabase } from './database.ts';
import { sendExactly } from './load.ts';
import { parseBenchOptions, positiveInt } from './options.ts';
import { prefillScenarios } from './prefillScenarios.ts';
import type { Proc, ProcOptions } from './procs.ts';
import { citizenScenarios, guildScenario, requestsFor, type Scenario } from './scenarios.ts';
import { buildBenchProcesses, type Target } from './targets.ts';

const {
  values,
  scenarios: wanted,
  targets,
  warmup,
  connections,
  citizens,
} = parseBenchOptions(
  { scenarios: '1,6', targets: 'ours,apollo', warmup: '300', connections: '4' },
  {
    requests: { type: 'string', default: '300' },
    /** The process counted: `gateway`, or `subgraphs` (ours, one process for all five). */
    count: { type: 'string', default: 'gateway' },
    /** Keep the callgrind dumps (for callgrind_annotate) and print where they are. */
    keep: { type: 'boolean', default: false },
  },
);
const requests = positiveInt('requests', values.requests as string);

const countSubgraphs = values.count === 'subgraphs';
if (!countSubgraphs && values.count !== 'gateway') {
  throw new Error(`--count: gateway or subgraphs, not ${values.count}`);
}
if (countSubgraphs) wanted.delete('6');
for (const target of targets) {
  if (target.name === 'floor') {
    throw new Error('--targets: gateways (ours, ours+access, apollo, hive), not floor');
  }
}

const keys = await loadOrCreateDevKeys();
const agencyToken = await signDevToken(
  keys,
  { sub: 'bench-agency', cg_kind: 'agency', scope: DATA_SCOPES.join(' ') },
  '1h', // the longest an agency token may live (TOKEN_MAX_LIFETIMES)
);

/** The total instruction count (Ir) of a callgrind dump. */
function totalInstructions(file: string): number {
  const match = /^(?:totals|summary): (\d+)/m.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`no totals in ${file}`);
  return Number(match[1]);
}

/**
 * Instructions spent in V8's optimising compiler (TurboFan's background jobs, inclusive). Warm-up
 * under valgrind is a few hundred requests, not the thousands a timed run sends, and on a light
 * query the compiler can still be most of the count: without it, the count is the steady state's.
 */
function compilerInstructions(file: string): number {
  const result = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`callgrind_annotate: ${result.stderr}`);
  const line = result.stdout
    .split('\n')
    .find((l) => l.includes('OptimizingCompileDispatcher::CompileTask::RunInternal'));
  return line ? Number((/^\s*([\d,]+)/.exec(line)?.[1] ?? '0').replaceAll(',', '')) : 0;
}

const millions = (n: number) => (n / 1e6).toFixed(2);

function callgrindControl(pid: number, command: string): void {
  const result = spawnSync('callgrind_control', [command, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${command}: ${result.stderr}`);
}

interface Row {
  scenario: string;
  target: string;
  instructionsPerRequest: number;
  /** The same without the optimising compiler's background work. */
  withoutCompilerPerRequest: number;
  errors: number;
}

/**
 * Counts what `target` (or, with `--count subgraphs`, our subgraphs behind it) executes for
 * `requests` requests of `scenario`, after `warmup` of them. Counting the gateway, `backend` runs
 * for the whole run; counting the subgraphs, they are started here under valgrind.
 */
async function count(scenario: Scenario, target: Target, backend?: Backend) {
  const dir = mkdtempSync(join(tmpdir(), 'citizen-graph-callgrind-'));
  const valgrind: ProcOptions = {
    wrapper: [
      'valgrind',
      '--tool=callgrind',
      // V8 writes the code it compiles into its heap: valgrind must notice it changing.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
    ],
    startSeconds: 900,
  };
  const started: Proc[] = [];
  try {
    const subgraphs =
      backend ??
      (await startOurSubgraphs(
        target.accessControl,
        { ...env, ...target.observability },
        '1',
        valgrind,
      ));
    if (!backend) started.push(subgraphs.proc);
    const gateway = await target.start({
      env,
      supergraphFile: subgraphs.supergraphFile,
      subgraphUrls: subgraphs.subgraphUrls,
      cpus: '0',
      backend: subgraphs.proc,
      ...(backend ? { proc: valgrind } : {}),
    });
    started.unshift(gateway);
    const pid = (backend ? gateway : subgraphs.proc).child.pid as number;
    const agency = target.accessControl
      ? { authorization: `Bearer ${agencyToken}`, 'x-purpose': 'benchmark' }
      : null;
    const { url: address, next, headers } = requestsFor(scenario, gateway.ready, agency);
    const used = scenario.connections ?? connections;
    const options = { connections: used, timeoutSeconds: 300, headers };
    const warm = await sendExactly(address, next, { ...options, amount: warmup });
    if (warm.errors > 0) throw new Error(`${target.name}, warm-up: ${warm.firstError}`);
    callgrindControl(pid, '--zero');
    const measured = await sendExactly(address, next, { ...options, amount: requests });
    callgrindControl(pid, '--dump=measured');
    const dump = readdirSync(dir).find((name) => name !== 'callgrind.out');
    if (!dump) throw new Error('callgrind wrote no dump');
    const file = join(dir, dump);
    const total = totalInstructions(file);
    const row = {
      scenario: scenario.id,
      target: target.name,
      instructionsPerRequest: total / measured.requests,
      withoutCompilerPerRequest: (total - compilerInstructions(file)) / measured.requests,
      errors: measured.errors,
    };
    console.log(
      `scenario ${row.scenario} ${row.target.padEnd(11)} ${millions(row.instructionsPerRequest)} M instructions/request, ${millions(row.withoutCompilerPerRequest)} M without the optimising compiler  errors ${row.errors}`,
    );
    if (measured.firstError) console.log(`  first error: ${measured.firstError}`);
    return row;
  } finally {
    for (const proc of started) await proc.stop();
    if (values.keep) console.log(`callgrind dumps: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (spawnSync('valgrind', ['--version']).status !== 0) {
  throw new Error('bench:instructions needs valgrind (Debian: apt-get install valgrind)');
}
await buildBenchProcesses();
const url = [...wanted].some((id) => id !== '6') ? await prepareBenchDatabase(citizens) : '';
// Under valgrind a process runs ~50× slower: the gateway's subgraph deadline (5 s by default)
// would cut answers that are only slow because they are being counted, and on a loaded machine
// the 30 s edge timeouts closed requests the counted process had not yet read (HTTP 408).
const env = {
  DATABASE_URL: url,
  NODE_ENV: 'benchmark',
  SUBGRAPH_TIMEOUT_MS: '600000',
  HTTP_HEADERS_TIMEOUT_MS: '600000',
  HTTP_REQUEST_TIMEOUT_MS: '600000',
};
const rows: Row[] = [];
const backends: Backend[] = [];
try {
  const scenarios = [
    ...citizenScenarios(citizens),
    ...(wanted.has('5a') || wanted.has('5b') ? await prefillScenarios(citizens, url, keys) : []),
  ].filter((s) => wanted.has(s.id));
  const meant = (scenario: Scenario, target: Target) =>
    !target.scenarios || target.scenarios.includes(scenario.id);
  if (countSubgraphs) {
    for (const scenario of scenarios)
      for (const target of targets.filter((t) => meant(scenario, t)))
        rows.push(await count(scenario, target));
  } else if (scenarios.length > 0) {
    const ours = new Map<boolean, Backend>();
    for (const accessControl of new Set(targets.map((t) => t.accessControl))) {
      const backend = await startOurSubgraphs(accessControl, env, '1');
      backends.push(backend);
      ours.set(accessControl, backend);
    }
    for (const scenario of scenarios)
      for (const target of targets.filter((t) => meant(scenario, t)))
        rows.push(await count(scenario, target, ours.get(target.accessControl)));
  }
  if (wanted.has('6')) {
    const guild = await startGuildSubgraphs('1', env);
    backends.push(guild);
    for (const target of targets.filter((t) => !t.accessControl))
      rows.push(await count(guildScenario, target, guild));
  }
} finally {
  for (const backend of backends) await backend.proc.stop();
}

console.log(
  `\n| scenario | target | instructions per request (millions) | ÷ ours | without the optimising compiler (millions) | ÷ ours | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |`,
);
for (const row of rows) {
  const ours = rows.find((r) => r.scenario === row.scenario && r.target === 'ours');
  const ratio = (pick: (r: Row) => number) => (ours ? (pick(row) / pick(ours)).toFixed(2) : '—');
  console.log(
    `| ${row.scenario} | ${row.target} | ${millions(row.instructionsPerRequest)} | ${ratio((r) => r.instructionsPerRequest)} | ${millions(row.withoutCompilerPerRequest)} | ${ratio((r) => r.withoutCompilerPerRequest)} | ${row.errors} |`,
  );
}
