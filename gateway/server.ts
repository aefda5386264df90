import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { SUPERGRAPH_URL, type SubgraphName } from '../schema/subgraphs.ts';
import { formatError } from '../subgraphs/shared/formatError.ts';
import { AgencyDataSource, subgraphAgent } from './agencyDataSource.ts';
import type { GatewayContext } from './context.ts';

export interface GatewayOptions {
  subgraphUrls: Record<SubgraphName, string>;
}

/** Builds the gateway over the committed supergraph; it never listens (see index.ts). */
export function createGateway({ subgraphUrls }: GatewayOptions) {
  const agent = subgraphAgent();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_URL, 'utf8'),
    buildService: ({ name }) => {
      const url = subgraphUrls[name as SubgraphName];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new AgencyDataSource(url, agent);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
  });
  return { apollo, close: () => agent.close() };
}
