// The command-line options bench/run.ts and bench/instructions.ts share (which scenarios, which
// gateways, how many citizens, connections and warm-up), parsed and checked in one place; each
// script adds its own options and defaults.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { TARGETS, type Target } from './targets.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface SharedDefaults {
  scenarios: string;
  targets: string;
  warmup: string;
  connections: string;
}

const SCENARIO_IDS = ['1', '2', '3', '4', '5', '5a', '5b', '6'];
/** A scenario named by its group: 5 is the single prefill (5a) and the bulk one (5b). */
const GROUPS: Record<string, string[]> = { '5': ['5a', '5b'] };

/** A whole number ≥ 1 given as `--name`, or an error naming the option. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name}: a whole number ≥ 1, not "${value}"`);
  return n;
}

function targetsNamed(list: string): Target[] {
  return list.split(',').map((name) => {
    const target = TARGETS.find((t) => t.name === name);
    if (!target) {
      throw new Error(`--targets: unknown ${name} (${TARGETS.map((t) => t.name).join(', ')})`);
    }
    return target;
  });
}

function scenariosNamed(list: string): Set<string> {
  const ids = new Set<string>();
  for (const id of list.split(',')) {
    if (!SCENARIO_IDS.includes(id)) {
      throw new Error(`--scenarios: unknown ${id} (${SCENARIO_IDS.join(', ')})`);
    }
    for (const one of GROUPS[id] ?? [id]) ids.add(one);
  }
  return ids;
}

/** Parses `args` (default: the process's) with the shared options and the script's `own`. */
export function parseBenchOptions(
  defaults: SharedDefaults,
  own: Options,
  args = process.argv.slice(2),
) {
  const values: Record<string, string | boolean | undefined> = parseArgs({
    args,
    options: {
      scenarios: { type: 'string', default: defaults.scenarios },
      targets: { type: 'string', default: defaults.targets },
      warmup: { type: 'string', default: defaults.warmup },
      connections: { type: 'string', default: defaults.connections },
      citizens: { type: 'string', default: '100000' },
      ...own,
    },
  }).values;
  return {
    values,
    scenarios: scenariosNamed(values.scenarios as string),
    targets: targetsNamed(values.targets as string),
    warmup: positiveInt('warmup', values.warmup as string),
    connections: positiveInt('connections', values.connections as string),
    citizens: positiveInt('citizens', values.citizens as string),
  };
}
