// The benchmark harness: `npm run bench -- [options]`. Starts the system on PostgreSQL, drives each
// gateway with the same random requests, checks every answer, and prints req/s, p50/p99, errors,
// peak RSS and CPU per process, with every target as a ratio to ours. See bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { DATA_SCOPES } from '../kernel/access/scopes.ts';
import { loadOrCreateDevKeys, signDevToken } from '../kernel/devKeys.ts';
import { type Backend, startGuildSubgraphs, startOurSubgraphs } from './backends.ts';
import { prepareBenchDatabase } from './database.ts';
import { type LoadResult, load } from './load.ts';
import { parseBenchOptions, positiveInt } from './options.ts';
import { prefillScenarios } from './prefillScenarios.ts';
import { machineTicks, type Proc, procStats, tickSeconds } from './procs.ts';
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
  {
    scenarios: '1,2,3,4,5,6',
    targets: 'ours,apollo,hive,floor,ours+access',
    warmup: '5',
    connections: '32',
  },
  {
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '1' },
    pin: { type: 'boolean', default: true },
    json: { type: 'string' },
  },
);
const seconds = positiveInt('seconds', values.seconds as string);
const rounds = positiveInt('rounds', values.rounds as string);
// Gateways get core 0; subgraphs, the floor and this load generator share core 1.
const CPU = values.pin
  ? { gateway: '0', backend: '1' }
  : { gateway: undefined, backend: undefined };
if (values.pin) spawnSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

// Every process under test runs compiled JavaScript, as in production (npm run build): none pays
// for compiling TypeScript in-process.
await buildBenchProcesses();
const url = [...wanted].some((id) => id !== '6') ? await prepareBenchDatabase(citizens) : '';
const env = { DATABASE_URL: url, NODE_ENV: 'benchmark' };
const keys = await loadOrCreateDevKeys();
const scenarios: Scenario[] = [
  ...citizenScenarios(citizens),
  ...(wanted.has('5a') || wanted.has('5b') ? await prefillScenarios(citizens, url, keys) : []),
].filter((s) => wanted.has(s.id));

const agencyToken = await signDevToken(
  keys,
  { sub: 'bench-agency', cg_kind: 'agency', scope: DATA_SCOPES.join(' ') },
  '1h', // the longest an agency token may live (TOKEN_MAX_LIFETIMES)
);

interface Row extends LoadResult {
  round: number;
  scenario: string;
  target: string;
  gatewayCpu: number;
  gatewayPeakRssMb: number;
  backendCpu: number;
  /** Gateway CPU time per answered request: what decides throughput when the gateway has the machine. */
  gatewayCpuMsPerRequest: number;
  /** Share of both cores busy during the run (everything: gateway, subgraphs, PostgreSQL, load). */
  machineBusy: number;
  /**
   * Every process's CPU time per answered request (gateway, subgraphs, PostgreSQL, load generator):
   * steadier than req/s on a shared VM, and what decides throughput once the machine is saturated.
   */
  machineCpuMsPerRequest: number;
}
const rows: Row[] = [];
let currentRound = 1;

async function measure(scenario: Scenario, target: Target, gateway: Proc, backend: Proc) {
  const isFloor = target.name === 'floor';
  if (isFloor && !scenario.floor) return;
  if (target.scenarios && !target.scenarios.includes(scenario.id)) return;
  const agency = target.accessControl
    ? { authorization: `Bearer ${agencyToken}`, 'x-purpose': 'benchmark' }
    : null;
  const {
    url: address,
    next,
    headers,
  } = isFloor
    ? {
        url: `${gateway.ready}${scenario.floor?.path}`,
        next: (scenario.floor as NonNullable<Scenario['floor']>).call,
        headers: {},
      }
    : requestsFor(scenario, gateway.ready, agency);
  const used = scenario.connections ?? connections;
  await load(address, next, { seconds: warmup, connections: used, headers });
  const [g0, b0, m0] = [
    procStats(gateway.child.pid as number),
    procStats(backend.child.pid as number),
    machineTicks(),
  ];
  const result = await load(address, next, { seconds, connections: used, headers });
  const [g1, b1, m1] = [
    procStats(gateway.child.pid as number),
    procStats(backend.child.pid as number),
    machineTicks(),
  ];
  const row: Row = {
    round: currentRound,
    scenario: scenario.id,
    target: target.name,
    ...result,
    gatewayCpu: (g1.cpuSeconds - g0.cpuSeconds) / seconds,
    gatewayPeakRssMb: g1.peakRssMb,
    backendCpu: (b1.cpuSeconds - b0.cpuSeconds) / seconds,
    gatewayCpuMsPerRequest: ((g1.cpuSeconds - g0.cpuSeconds) * 1000) / Math.max(1, result.requests),
    machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total),
    machineCpuMsPerRequest: (tickSeconds(m1.busy - m0.busy) * 1000) / Math.max(1, result.requests),
  };
  rows.push(row);
  console.log(
    `scenario ${row.scenario} ${row.target.padEnd(12)} ${row.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  errors ${row.errors}  gateway ${(row.gatewayCpu * 100).toFixed(0)}% CPU ${row.gatewayPeakRssMb.toFixed(0)} MB  backend ${(row.backendCpu * 100).toFixed(0)}% CPU${row.firstError ? `  first error: ${row.firstError}` : ''}`,
  );
}

/** Starts `target`'s gateway in front of `backend`, measures `list`, and stops it. */
async function runTarget(target: Target, list: Scenario[], backend: Backend) {
  const floor = target.name === 'floor';
  const gateway = await target.start({
    env,
    supergraphFile: backend.supergraphFile,
    subgraphUrls: backend.subgraphUrls,
    cpus: floor ? CPU.backend : CPU.gateway,
    backend: backend.proc,
  });
  try {
    for (const scenario of list)
      await measure(scenario, target, gateway, floor ? gateway : backend.proc);
  } finally {
    await gateway.stop();
  }
}

// Both subgraph processes (access control off and on) run for the whole run, so targets are
// measured in the order given and rounds alternate them: on this VM a process measured later runs
// slower, and grouping targets by backend would hand that drift to one side of a ratio.
const backends: Backend[] = [];
try {
  const ourBackends = new Map<boolean, Backend>();
  if (scenarios.length > 0) {
    for (const accessControl of new Set(targets.map((t) => t.accessControl))) {
      const backend = await startOurSubgraphs(accessControl, env, CPU.backend);
      backends.push(backend);
      ourBackends.set(accessControl, backend);
    }
  }
  const guildTargets = targets.filter((t) => !t.accessControl && t.name !== 'floor');
  let guild: Backend | undefined;
  if (wanted.has('6') && guildTargets.length > 0) {
    guild = await startGuildSubgraphs(CPU.backend);
    backends.push(guild);
  }
  for (let round = 1; round <= rounds; round++) {
    currentRound = round;
    if (rounds > 1) console.log(`round ${round} of ${rounds}`);
    for (const target of targets) {
      const ours = ourBackends.get(target.accessControl);
      if (ours) await runTarget(target, scenarios, ours);
    }
    if (guild) {
      for (const target of guildTargets) await runTarget(target, [guildScenario], guild);
    }
  }
} finally {
  for (const backend of backends) await backend.proc.stop();
}

// Ratios to ours: throughput (higher is better for them) and gateway CPU per request (how many
// times more CPU they need per answer: the throughput ratio once the gateway has a machine to itself).
// With several rounds each figure is the median over rounds, and "each round" lists the ratio to
// ours measured in the same round: paired, so drift between rounds cancels out.
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : '—');
const cells = new Map<string, Row[]>();
for (const row of rows) {
  const key = `${row.scenario}|${row.target}`;
  cells.set(key, [...(cells.get(key) ?? []), row]);
}
const of = (list: Row[], pick: (r: Row) => number) => median(list.map(pick));
console.log(
  `\n| scenario | target | req/s${rounds > 1 ? ` (median of ${rounds})` : ''} | req/s ÷ ours | each round ÷ ours | p50 ms | p99 ms | errors | gateway CPU ms/req | ÷ ours | gateway peak RSS MB | subgraphs CPU | machine busy | machine CPU ms/req | ÷ ours |`,
);
console.log(
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
);
for (const [key, list] of cells) {
  const [scenario, target] = key.split('|') as [string, string];
  const ours = cells.get(`${scenario}|ours`) ?? [];
  const perRound = list
    .map((row) =>
      ratio(row.requestsPerSecond, ours.find((o) => o.round === row.round)?.requestsPerSecond),
    )
    .join(' · ');
  const rps = of(list, (r) => r.requestsPerSecond);
  const cpu = of(list, (r) => r.gatewayCpuMsPerRequest);
  const machineCpu = of(list, (r) => r.machineCpuMsPerRequest);
  console.log(
    `| ${scenario} | ${target} | ${rps.toFixed(0)} | ${ratio(rps, ours.length ? of(ours, (r) => r.requestsPerSecond) : undefined)} | ${perRound} | ${of(list, (r) => r.p50Ms)} | ${of(list, (r) => r.p99Ms)} | ${list.reduce((n, r) => n + r.errors, 0)} | ${cpu.toFixed(2)} | ${ratio(cpu, ours.length ? of(ours, (r) => r.gatewayCpuMsPerRequest) : undefined)} | ${Math.max(...list.map((r) => r.gatewayPeakRssMb)).toFixed(0)} | ${(of(list, (r) => r.backendCpu) * 100).toFixed(0)}% | ${(of(list, (r) => r.machineBusy) * 100).toFixed(0)}% | ${machineCpu.toFixed(2)} | ${ratio(machineCpu, ours.length ? of(ours, (r) => r.machineCpuMsPerRequest) : undefined)} |`,
  );
}
if (values.json)
  writeFileSync(
    String(values.json),
    JSON.stringify(
      { date: new Date().toISOString(), citizens, seconds, connections, rounds, rows },
      null,
      2,
    ),
  );
