import autocannon from 'autocannon';
import type { Call } from './scenarios.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Transport errors, non-2xx answers and answers that failed their check. */
  errors: number;
  requests: number;
  firstError: string | null;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** Send exactly this many requests instead of running for `seconds`. */
  amount?: number;
  /** Per-request timeout; autocannon's default is 10 s. */
  timeoutSeconds?: number;
}

/** Drives `url` with fresh calls for `seconds` (or `amount` requests), checking every answer. */
export async function load(
  url: string,
  next: () => Call,
  options: LoadOptions,
): Promise<LoadResult> {
  let wrong = 0;
  let firstError: string | null = null;
  const pending = new Map<object, Call>();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.amount ? { amount: options.amount } : {}),
    ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        setupRequest: (request: autocannon.Request, context: object) => {
          const call = next();
          pending.set(context, call);
          return {
            ...request,
            body: call.body,
            ...(call.headers ? { headers: { ...request.headers, ...call.headers } } : {}),
          };
        },
        onResponse: (status: number, body: string, context: object) => {
          const call = pending.get(context);
          let problem: string | null = status === 200 ? null : `HTTP ${status}`;
          if (!problem && call) {
            try {
              problem = call.check(JSON.parse(body));
            } catch {
              problem = 'not JSON';
            }
          }
          if (problem) {
            wrong++;
            firstError ??= `${problem} ← ${body.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: wrong + result.errors + result.timeouts,
    requests: result.requests.total,
    firstError,
  };
}
