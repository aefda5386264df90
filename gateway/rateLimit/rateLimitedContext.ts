import type { IncomingMessage } from 'node:http';
import type { GatewayContext } from '../context.ts';
import type { RateLimits } from './rateLimits.ts';

/** The request's context, once its caller is known and within its rate limits. */
export function rateLimitedContext(
  context: (request: IncomingMessage) => Promise<GatewayContext>,
  limits: RateLimits,
) {
  return async (request: IncomingMessage): Promise<GatewayContext> => {
    const value = await context(request);
    await limits.request(value.identity.caller);
    return value;
  };
}
