import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context, propagation } from '@opentelemetry/api';
import { Agent } from 'undici';
import { INTERNAL_TOKEN_HEADER } from '../kernel/access/internalToken.ts';
import { subgraphErrors, subgraphFetches } from '../kernel/observability/metrics.ts';
import type { GatewayContext } from './context.ts';
import { dedupeRepresentations } from './dedupeRepresentations.ts';
import { readBoundedBody } from './limits/boundedBody.ts';

/**
 * One pool of keep-alive connections per subgraph origin, bounded and with timeouts: the stock
 * data source opens unlimited sockets and waits forever on a stuck subgraph.
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

/**
 * Sends a fetch of the query plan to a subgraph with undici's `request` (no WHATWG fetch layer),
 * each entity once however often the plan repeats it, and the gateway's signed token.
 */
export class AgencyDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly origin: string;
  private readonly path: string;

  constructor(
    private readonly name: string,
    url: string,
    private readonly agent: Agent,
    private readonly maxResponseBytes: number,
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.path = `${parsed.pathname}${parsed.search}`;
  }

  async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const timer = subgraphFetches.startTimer({ subgraph: this.name });
    try {
      const body = await this.fetch(options);
      for (const error of body.errors ?? [])
        subgraphErrors.inc({
          subgraph: this.name,
          code: String(error.extensions?.code ?? 'UNKNOWN'),
        });
      return body;
    } catch (error) {
      subgraphErrors.inc({ subgraph: this.name, code: 'FETCH_FAILED' });
      throw error;
    } finally {
      timer();
    }
  }

  private async fetch(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const { query, variables, operationName, extensions } = options.request;
    const deduped = dedupeRepresentations(variables);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = (options.context as Partial<GatewayContext>).internalToken?.(this.name);
    if (token) headers[INTERNAL_TOKEN_HEADER] = token;
    // W3C traceparent of the gateway's fetch span, when tracing is on (a no-op otherwise).
    propagation.inject(context.active(), headers);
    const response = await this.agent.request({
      origin: this.origin,
      path: this.path,
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: deduped.variables, operationName, extensions }),
    });
    const text = await readBoundedBody(response, this.maxResponseBytes, this.name);
    let body: GatewayGraphQLResponse;
    try {
      body = JSON.parse(text) as GatewayGraphQLResponse;
    } catch {
      throw new Error(`subgraph answered HTTP ${response.statusCode} with a body that is not JSON`);
    }
    if (response.statusCode >= 300 && !body.errors)
      throw new Error(`subgraph answered HTTP ${response.statusCode}`);
    return deduped.expand(body);
  }
}
