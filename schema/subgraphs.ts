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

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(new URL(`./${name}.graphql`, import.meta.url), 'utf8');
}

export const SUPERGRAPH_URL = new URL('./supergraph.graphql', import.meta.url);

/** Where a subgraph listens by default: the ports after the gateway's, in the order above. */
export function subgraphPort(name: SubgraphName, gatewayPort: number): number {
  return gatewayPort + 1 + SUBGRAPH_NAMES.indexOf(name);
}
