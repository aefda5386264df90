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

/**
 * Subgraphs served inside the gateway process through a LocalGraphQLDataSource: composed into the
 * supergraph with their access rules, but with no port, no database and no URL to configure.
 */
export const GATEWAY_SUBGRAPH_NAMES = ['forms'] as const;
export type GatewaySubgraphName = (typeof GATEWAY_SUBGRAPH_NAMES)[number];

/** Every subgraph the supergraph composes: the five agencies, then the gateway's own. */
export const COMPOSED_SUBGRAPH_NAMES = [...SUBGRAPH_NAMES, ...GATEWAY_SUBGRAPH_NAMES] as const;
export type ComposedSubgraphName = (typeof COMPOSED_SUBGRAPH_NAMES)[number];

/** A composed subgraph's SDL; the gateway's own declare their directives themselves. */
export function composedSdl(name: ComposedSubgraphName): string {
  return name === 'forms' ? sdlFile(`./${name}.graphql`) : subgraphSdl(name);
}

export const SUPERGRAPH_URL = new URL('./supergraph.graphql', import.meta.url);

/** Where a subgraph listens by default: the ports after the gateway's, in the order above. */
export function subgraphPort(name: SubgraphName, gatewayPort: number): number {
  return gatewayPort + 1 + SUBGRAPH_NAMES.indexOf(name);
}
