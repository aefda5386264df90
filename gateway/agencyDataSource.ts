import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import { INTERNAL_TOKEN_HEADER } from '../subgraphs/shared/access/internalToken.ts';
import type { GatewayContext } from './context.ts';

/**
 * One pool of keep-alive connections per subgraph, bounded and with timeouts: the stock data
 * source opens unlimited sockets and waits forever on a stuck subgraph.
 */
export function subgraphAgent(): Agent {
  return new Agent({
    connections: 64,
    keepAliveTimeout: 60_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
    connect: { timeout: 5_000 },
  });
}

export class AgencyDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, agent: Agent) {
    super({
      url,
      fetcher: ((input: string, init: Record<string, unknown>) =>
        undiciFetch(input, {
          ...init,
          dispatcher: agent,
        })) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    request.http?.headers.set(INTERNAL_TOKEN_HEADER, context.internalToken);
  }
}
