import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { formatError } from '../kernel/formatError.ts';
import { SUPERGRAPH_URL } from '../schema/subgraphs.ts';
import { AgencyDataSource, subgraphAgent } from './agencyDataSource.ts';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './config.ts';
import type { GatewayContext } from './context.ts';

export interface GatewayOptions {
  subgraphUrls: Partial<Record<string, string>>;
  /** Another supergraph than the committed one (benchmarks); its own URLs serve as defaults. */
  supergraphFile?: string | undefined;
  /** A subgraph fetch not answered within this is given up, with an error naming the service. */
  subgraphTimeoutMs?: number;
}

/** Builds the gateway over the committed supergraph; it never listens (see index.ts). */
export function createGateway({
  subgraphUrls,
  supergraphFile,
  subgraphTimeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
}: GatewayOptions) {
  const agent = subgraphAgent(subgraphTimeoutMs);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphFile ?? SUPERGRAPH_URL, 'utf8'),
    buildService: ({ name, url: fromSupergraph }) => {
      const url = subgraphUrls[name] ?? (supergraphFile ? fromSupergraph : undefined);
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new AgencyDataSource(name, url, agent, subgraphTimeoutMs);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
  });
  return { apollo, close: () => agent.close() };
}
