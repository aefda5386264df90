import type { IncomingMessage } from 'node:http';
import type { Context } from '@opentelemetry/api';
import type { RequestIdentity } from '../kernel/access/caller.ts';
import { requestIdFrom, reusingTokenSigner } from '../kernel/access/internalToken.ts';
import { isPurpose, PURPOSE_RULE } from '../kernel/access/purpose.ts';
import { badUserInput } from '../kernel/errors.ts';
import { requestTraceContext } from '../kernel/observability/serverSpan.ts';
import { uuidV7 } from '../kernel/uuidV7.ts';
import { authenticator, type TrustedIssuer } from './auth/issuers.ts';
import type { TokenLifetimes } from './auth/tokenLifetimes.ts';

/** What the gateway knows about a request, and the token that tells the subgraphs. */
export interface GatewayContext {
  identity: RequestIdentity;
  requestId: string;
  /** The request's span, parent of its subgraph fetches' spans (the gateway has no context manager). */
  trace: Context;
  /** False with ACCESS_CONTROL=off: then no subgraph answer depends on the caller. */
  accessControl: boolean;
  /**
   * The caller's signed token for one subgraph (each subgraph has its own key and audience); the
   * request id is sent beside it.
   */
  internalToken(subgraph: string): string;
  /** The same request under another declared purpose (a form's), with tokens that say so. */
  withPurpose(purpose: string): GatewayContext;
  /**
   * Set on an operation run inside a request that already counted the citizens it names (the
   * `prefillForm` field's form operation), so one read is not counted twice.
   */
  subjectsCounted?: boolean;
}

export interface ContextOptions {
  issuers: TrustedIssuer[];
  gatewaySecret: Buffer;
  tokenLifetimes?: TokenLifetimes | undefined;
}

/** `null` options turn authentication off (ACCESS_CONTROL=off, benchmarks only). */
export function gatewayContext(options: ContextOptions | null) {
  if (options === null) {
    return async (request: Pick<IncomingMessage, 'headers'>): Promise<GatewayContext> => {
      const requestId = uuidV7();
      const trace = requestTraceContext(request);
      const caller = { kind: 'agency' as const, clientId: 'benchmark', scopes: [] };
      const identity = { caller, purpose: null, requestId };
      const context = (purpose: string | null): GatewayContext => ({
        identity: { ...identity, purpose },
        requestId,
        trace,
        accessControl: false,
        internalToken: () => '',
        withPurpose: context,
      });
      return context(null);
    };
  }
  const authenticate = authenticator(options.issuers, options.tokenLifetimes);
  const sign = reusingTokenSigner(options.gatewaySecret);
  return async (request: Pick<IncomingMessage, 'headers'>): Promise<GatewayContext> => {
    const caller = await authenticate(request.headers.authorization);
    const requestId = requestIdFrom(request.headers['x-request-id']);
    const declared = request.headers['x-purpose'];
    if (declared !== undefined && (typeof declared !== 'string' || !isPurpose(declared))) {
      throw badUserInput(`X-Purpose must be ${PURPOSE_RULE}.`, {
        http: { status: 400 },
      });
    }
    const trace = requestTraceContext(request);
    const context = (purpose: string | null): GatewayContext => {
      const identity: RequestIdentity = { caller, purpose, requestId };
      const internalToken = (subgraph: string) => sign(subgraph, identity);
      return {
        identity,
        requestId,
        trace,
        accessControl: true,
        internalToken,
        withPurpose: context,
      };
    };
    return context(declared ?? null);
  };
}
