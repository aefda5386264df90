import { positiveInteger } from '../db/config.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../schema/subgraphs.ts';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Where each subgraph listens: SUBGRAPH_URL_<NAME>, or 127.0.0.1 from port+1 upwards. */
  subgraphUrls: Partial<Record<string, string>>;
  /** SUPERGRAPH_FILE: serve another supergraph, with its own routing URLs (benchmarks). */
  supergraphFile: string | undefined;
}

export function subgraphPort(name: SubgraphName, gatewayPort: number): number {
  return gatewayPort + 1 + SUBGRAPH_NAMES.indexOf(name);
}

export function gatewayConfig(): GatewayConfig {
  const port = positiveInteger('PORT', 4000);
  const supergraphFile = process.env.SUPERGRAPH_FILE || undefined;
  if (supergraphFile)
    return { port, host: process.env.HOST || '127.0.0.1', subgraphUrls: {}, supergraphFile };
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => {
      const configured = process.env[`SUBGRAPH_URL_${name.toUpperCase()}`];
      if (configured) new URL(configured); // throws at start-up on a malformed URL
      return [name, configured || `http://127.0.0.1:${subgraphPort(name, port)}/graphql`];
    }),
  ) as Record<SubgraphName, string>;
  return { port, host: process.env.HOST || '127.0.0.1', subgraphUrls, supergraphFile };
}
