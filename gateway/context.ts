import type { IncomingMessage } from 'node:http';
import type { RequestIdentity } from '../kernel/access/caller.ts';
import { internalTokenSigner } from '../kernel/access/internalToken.ts';
import { isPurpose, PURPOSE_RULE } from '../kernel/access/purpose.ts';
import { badUserInput } from '../kernel/errors.ts';
import { uuidV7 } from '../kernel/uuidV7.ts';
import { authenticator, type TrustedIssuer } from './auth/issuers.ts';
import type { TokenLifetimes } from './auth/tokenLifetimes.ts';

/** What the gateway knows about a request, and the token that tells the subgraphs. */
export interface GatewayContext {
  identity: RequestIdentity;
  requestId: string;
  /** False with ACCESS_CONTROL=off: then no subgraph answer depends on the caller. */
  accessControl: boolean;
  /** The request's signed token for one subgraph (each subgraph has its own key and audience). */
  internalToken(subgraph: string): string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export interface ContextOptions {
  issuers: TrustedIssuer[];
  gatewaySecret: Buffer;
  tokenLifetimes?: TokenLifetimes | undefined;
}

/** `null` options turn authentication off (ACCESS_CONTROL=off, benchmarks only). */
export function gatewayContext(options: ContextOptions | null) {
  if (options === null) {
    return async (): Promise<GatewayContext> => {
      const requestId = uuidV7();
      const caller = { kind: 'agency' as const, clientId: 'benchmark', scopes: [] };
      const identity = { caller, purpose: null, requestId };
      return { identity, requestId, accessControl: false, internalToken: () => '' };
    };
  }
  const authenticate = authenticator(options.issuers, options.tokenLifetimes);
  const sign = internalTokenSigner(options.gatewaySecret);
  return async (request: Pick<IncomingMessage, 'headers'>): Promise<GatewayContext> => {
    const caller = await authenticate(request.headers.authorization);
    const incoming = request.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidV7();
    const declared = request.headers['x-purpose'];
    if (declared !== undefined && (typeof declared !== 'string' || !isPurpose(declared))) {
      throw badUserInput(`X-Purpose must be ${PURPOSE_RULE}.`, {
        http: { status: 400 },
      });
    }
    const identity: RequestIdentity = { caller, purpose: declared ?? null, requestId };
    const tokens = new Map<string, string>();
    const internalToken = (subgraph: string) => {
      let token = tokens.get(subgraph);
      if (token === undefined) {
        token = sign(subgraph, identity);
        tokens.set(subgraph, token);
      }
      return token;
    };
    return { identity, requestId, accessControl: true, internalToken };
  };
}
