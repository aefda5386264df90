import type { GraphQLDataSource } from '@apollo/gateway';
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import { Agent } from 'undici';
import { INTERNAL_TOKEN_HEADER, REQUEST_ID_HEADER } from '../kernel/access/internalToken.ts';
import {
  type FailFetch,
  type TraceHeaders,
  withFetchSpan,
} from '../kernel/observability/fetchSpan.ts';
import {
  subgraphErrors,
  subgraphFetches,
  subgraphFetchesJoined,
  subgraphRetries,
} from '../kernel/observability/metrics.ts';
import type { GatewayContext } from './context.ts';
import { dedupeRepresentations } from './dedupeRepresentations.ts';
import { atRequestedFields, FetchFailure, failedFetch } from './fetchFailure.ts';
import { readBoundedBody } from './limits/boundedBody.ts';
import { type FetchSharing, fetchClassifier, shareKey } from './sharing/fetchSharing.ts';
import type { InFlightFetches } from './sharing/inFlightFetches.ts';

/** A subgraph's answer as it came: each request that shares it parses its own copy. */
export interface Exchange {
  status: number;
  text: string;
}

/**
 * What a fetch needs: the gateway's process options are one, and so is a fetch of a form's plan
 * run outside Apollo's pipeline (gateway/forms/agencyChannel.ts).
 */
export interface SubgraphFetch {
  request: GatewayGraphQLRequest;
  /** The request's GatewayContext (Apollo's health checks and schema loads send none). */
  context: object;
  document?: DocumentNode | undefined;
}

// The planner hands every fetch its parsed document (exposeDocumentNodeInFetchNode, server.ts).
const documentOf = (options: SubgraphFetch): DocumentNode =>
  options.document || parse(options.request.query ?? '{ __typename }');

/**
 * A connection that closed without an answer: a kept-alive socket the subgraph had just closed, or
 * one cut mid-answer. A query is sent once more on a fresh connection; its subgraph may have read
 * and audited the first one too, so the audit log may hold the read twice, never less than once.
 */
const CLOSED_WITHOUT_ANSWER = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/** What undici throws when `subgraphAgent`'s headers or body timeout, rather than the deadline, fires. */
const AGENT_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const isMutation = (document: DocumentNode) =>
  document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation');

/**
 * One pool of keep-alive connections per subgraph origin, bounded and with timeouts: the stock
 * data source opens unlimited sockets and waits forever on a stuck subgraph.
 */
export function subgraphAgent(timeoutMs: number): Agent {
  return new Agent({
    connections: 64,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: Math.min(timeoutMs, 5_000) },
  });
}

/**
 * Sends a fetch of the query plan to a subgraph with undici's `request` (no WHATWG fetch layer),
 * each entity once however often the plan repeats it, and the gateway's signed token. A fetch
 * that fails (no connection, no answer within `timeoutMs`, not GraphQL) answers errors at the
 * fields it should have filled, so the client gets the rest of the data and knows what is missing.
 * Identical fetches whose answer depends on no one caller share one call while it is in flight
 * (`sharing/fetchSharing.ts`); `inFlight` null sends every fetch on its own.
 */
export class AgencyDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly origin: string;
  private readonly path: string;
  private readonly classify: (document: DocumentNode) => FetchSharing;

  constructor(
    private readonly name: string,
    url: string,
    private readonly agent: Agent,
    private readonly timeoutMs: number,
    private readonly maxResponseBytes: number,
    private readonly inFlight: InFlightFetches<Exchange> | null = null,
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.path = `${parsed.pathname}${parsed.search}`;
    this.classify = inFlight ? fetchClassifier(name) : () => 'none';
  }

  process(options: SubgraphFetch): Promise<GatewayGraphQLResponse> {
    const parent = (options.context as Partial<GatewayContext>).trace;
    return withFetchSpan(parent, this.name, (trace, fail) => this.fetch(options, trace, fail));
  }

  private async fetch(
    options: SubgraphFetch,
    trace: TraceHeaders,
    fail: FailFetch,
  ): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.representations;
    const count = Array.isArray(representations) ? representations.length : 0;
    const timer = subgraphFetches.startTimer({ subgraph: this.name });
    try {
      const body = await this.send(options, count, trace);
      for (const error of body.errors ?? [])
        subgraphErrors.inc({
          subgraph: this.name,
          code: String(error.extensions?.code ?? 'UNKNOWN'),
        });
      return body;
    } catch (error) {
      const failure = this.failure(error);
      subgraphErrors.inc({ subgraph: this.name, code: failure.code });
      fail(failure.code);
      return failedFetch(failure, documentOf(options), count);
    } finally {
      timer();
    }
  }

  private failure(error: unknown): FetchFailure {
    if (error instanceof FetchFailure) return error;
    if (error instanceof GraphQLError && error.extensions.code === 'SUBGRAPH_RESPONSE_TOO_LARGE')
      return new FetchFailure('SUBGRAPH_RESPONSE_TOO_LARGE', error.message);
    const why = (error as { code?: string }).code ?? (error as Error).message;
    return new FetchFailure(
      'SUBGRAPH_UNAVAILABLE',
      `The ${this.name} service is unreachable (${why}).`,
    );
  }

  private async send(
    options: SubgraphFetch,
    representations: number,
    trace: TraceHeaders,
  ): Promise<GatewayGraphQLResponse> {
    const { query, variables, operationName, extensions } = options.request;
    const deduped = dedupeRepresentations(variables);
    const payload = JSON.stringify({
      query,
      variables: deduped.variables,
      operationName,
      extensions,
    });
    const { status, text } = await this.shared(options, payload, trace);
    const body = this.parse(status, text);
    // A subgraph that withholds all its data (AUDIT_UNAVAILABLE, UNAUTHENTICATED) says so without
    // a path: the error belongs at every field the fetch should have filled.
    if (body.data == null && body.errors?.some((e) => !e.path)) {
      const document = documentOf(options);
      const errors = body.errors.flatMap((e) =>
        e.path ? [e] : atRequestedFields(e, document, representations),
      );
      return { ...body, errors };
    }
    const sent = (deduped.variables?.representations as unknown[] | undefined)?.length ?? 0;
    if (representations > 0 && body.data != null) {
      const entities = (body.data as { _entities?: unknown })._entities;
      if (!Array.isArray(entities) || entities.length !== sent)
        throw this.badResponse(status, 'without one entity per representation');
    }
    return deduped.expand(body);
  }

  /** The upstream call for this body: one already in flight if it may be shared, else a new one. */
  private shared(options: SubgraphFetch, payload: string, trace: TraceHeaders): Promise<Exchange> {
    if (!this.inFlight) return this.exchange(options, payload, trace);
    const context = options.context as Partial<GatewayContext>;
    const key = shareKey(this.classify, documentOf(options), context, payload);
    if (key === null) return this.exchange(options, payload, trace);
    const { answer, joined } = this.inFlight.run(`${this.name}\n${key}`, () =>
      this.exchange(options, payload, trace),
    );
    if (joined) subgraphFetchesJoined.inc({ subgraph: this.name });
    return answer;
  }

  private async exchange(
    options: SubgraphFetch,
    body: string,
    trace: TraceHeaders,
  ): Promise<Exchange> {
    const headers: Record<string, string> = { ...trace, 'content-type': 'application/json' };
    const request = options.context as Partial<GatewayContext>;
    const token = request.internalToken?.(this.name);
    if (token) {
      headers[INTERNAL_TOKEN_HEADER] = token;
      headers[REQUEST_ID_HEADER] = request.requestId as string;
    }
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const send = async (): Promise<Exchange> => {
      const response = await this.agent.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers,
        body,
        signal: deadline,
      });
      const text = await readBoundedBody(response, this.maxResponseBytes, this.name);
      return { status: response.statusCode, text };
    };
    try {
      try {
        return await send();
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (deadline.aborted || !CLOSED_WITHOUT_ANSWER.has(code) || isMutation(documentOf(options)))
          throw error;
        subgraphRetries.inc({ subgraph: this.name });
        return await send();
      }
    } catch (error) {
      // The agent's own timers have the deadline's length and a coarser clock: either may fire first.
      const code = (error as { code?: string }).code ?? '';
      if (!deadline.aborted && !AGENT_TIMEOUTS.has(code)) throw error;
      throw new FetchFailure(
        'SUBGRAPH_TIMEOUT',
        `The ${this.name} service did not answer within ${this.timeoutMs} ms.`,
      );
    }
  }

  private parse(status: number, text: string): GatewayGraphQLResponse {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.badResponse(status, 'with a body that is not JSON');
    }
    if (typeof body !== 'object' || body === null || !('data' in body || 'errors' in body))
      throw this.badResponse(status, 'with JSON that is not a GraphQL response');
    const response = body as GatewayGraphQLResponse;
    if (status >= 300 && !response.errors) throw this.badResponse(status, 'without errors');
    return response;
  }

  private badResponse(status: number, what: string): FetchFailure {
    return new FetchFailure(
      'SUBGRAPH_BAD_RESPONSE',
      `The ${this.name} service answered HTTP ${status} ${what}.`,
    );
  }
}
