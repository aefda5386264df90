import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { formatError } from '../kernel/formatError.ts';
import { observationPlugin } from '../kernel/observability/observationPlugin.ts';
import { SUPERGRAPH_URL } from '../schema/subgraphs.ts';
import { AgencyDataSource, subgraphAgent } from './agencyDataSource.ts';
import type { GatewayContext } from './context.ts';

export interface GatewayOptions {
  subgraphUrls: Partial<Record<string, string>>;
  /** Another supergraph than the committed one (benchmarks); its own URLs serve as defaults. */
  supergraphFile?: string | undefined;
}

/** Builds the gateway over the committed supergraph; it never listens (see index.ts). */
export function createGateway({ subgraphUrls, supergraphFile }: GatewayOptions) {
  const agent = subgraphAgent();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphFile ?? SUPERGRAPH_URL, 'utf8'),
    buildService: ({ name, url: fromSupergraph }) => {
      const url = subgraphUrls[name] ?? (supergraphFile ? fromSupergraph : undefined);
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new AgencyDataSource(name, url, agent);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [observationPlugin('gateway')],
  });
  return { apollo, close: () => agent.close() };
}
