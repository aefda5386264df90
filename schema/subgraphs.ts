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
