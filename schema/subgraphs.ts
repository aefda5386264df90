import { readFileSync } from 'node:fs';

/** The five agencies: one name each, used for the subgraph, its SDL, its PostgreSQL schema. */
export const SUBGRAPH_NAMES = [
  'population',
  'health_insurance',
  'driving',
  'vehicles',
  'tax',
] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const sdlFile = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/** A subgraph's SDL: the header every subgraph shares (shared.graphql), then its own file. */
export function subgraphSdl(name: SubgraphName): string {
  return `${sdlFile('./shared.graphql')}\n${sdlFile(`./${name}.graphql`)}`;
}

export const SUPERGRAPH_URL = new URL('./supergraph.graphql', import.meta.url);

/** Where a subgraph listens by default: the ports after the gateway's, in the order above. */
export function subgraphPort(name: SubgraphName, gatewayPort: number): number {
  return gatewayPort + 1 + SUBGRAPH_NAMES.indexOf(name);
}
