import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What the gateway knows about a request. `caller` is filled in by authentication; it travels to
 * the subgraphs with the request id.
 */
export interface GatewayContext {
  requestId: string;
  caller: null;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export async function gatewayContext(request: IncomingMessage): Promise<GatewayContext> {
  const incoming = request.headers['x-request-id'];
  return {
    requestId: typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    caller: null,
  };
}
