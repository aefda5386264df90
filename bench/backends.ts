import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERGRAPH_URL } from '../schema/subgraphs.ts';
import { GUILD_SUPERGRAPH_URL } from './guild/sdl.ts';
import { benchPort } from './ports.ts';
import { type Proc, type ProcOptions, startProc } from './procs.ts';
import { benchSupergraph, built, SUBGRAPH_NODE_FLAGS } from './targets.ts';

/** graphql-js loaded as production loads it (see the file). */
const GRAPHQL_PRODUCTION_MODE = fileURLToPath(
  new URL('./processes/graphqlProductionMode.cjs', import.meta.url),
);

/** A subgraph process and the supergraph file that points gateways at it. */
export interface Backend {
  proc: Proc;
  supergraphFile: string;
  /** Each subgraph's URL by name, when they are ours: our gateway then serves the committed supergraph, forms included. */
  subgraphUrls?: Record<string, string>;
}

/** Writes the supergraph with the URLs `backend` serves, for gateways that read it from a file. */
function supergraphFor(backend: Proc, supergraph: string, name: string): string {
  const file = join(tmpdir(), `citizen-graph-bench-${name}.graphql`);
  writeFileSync(
    file,
    benchSupergraph(JSON.parse(backend.ready) as Record<string, string>, supergraph),
  );
  return file;
}

/** Our five subgraphs in one process, with access control off or on. */
export async function startOurSubgraphs(
  accessControl: boolean,
  env: Record<string, string>,
  cpus: string | undefined,
  options: ProcOptions = {},
): Promise<Backend> {
  const proc = await startProc(
    accessControl ? 'subgraphs (access control on)' : 'subgraphs',
    [
      ...(process.env.SUBGRAPHS_NODE_FLAGS ?? SUBGRAPH_NODE_FLAGS).split(' ').filter(Boolean),
      '--require',
      GRAPHQL_PRODUCTION_MODE,
      built('ourSubgraphs'),
    ],
    {
      ...env,
      PORT: String(benchPort(accessControl ? 4320 : 4300)),
      ACCESS_CONTROL: accessControl ? 'on' : 'off',
    },
    cpus,
    options,
  );
  const supergraph = readFileSync(SUPERGRAPH_URL, 'utf8');
  return {
    proc,
    supergraphFile: supergraphFor(proc, supergraph, accessControl ? 'access' : 'open'),
    subgraphUrls: JSON.parse(proc.ready) as Record<string, string>,
  };
}

/** The Guild's four small subgraphs (scenario 6). */
export async function startGuildSubgraphs(
  cpus: string | undefined,
  env: Record<string, string> = {},
): Promise<Backend> {
  const proc = await startProc(
    'guild subgraphs',
    [built('guild')],
    { ...env, GUILD_BASE_PORT: String(benchPort(4200)) },
    cpus,
  );
  const supergraph = readFileSync(GUILD_SUPERGRAPH_URL, 'utf8');
  return { proc, supergraphFile: supergraphFor(proc, supergraph, 'guild') };
}
