import autocannon from 'autocannon';
import { Pool } from 'undici';
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

/** What is wrong with an answer to `call`, or null: not 200, not JSON, or failing its check. */
function problemOf(status: number, body: string, call: Call | undefined): string | null {
  if (status !== 200) return `HTTP ${status}`;
  if (!call) return null;
  try {
    return call.check(JSON.parse(body));
  } catch {
    return 'not JSON';
  }
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
          const problem = problemOf(status, body, pending.get(context));
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

/**
 * Sends exactly `amount` requests over `connections` kept-alive connections and checks every
 * answer: the instruction counts' load. autocannon's `amount` could wait forever for a request it
 * had lost when a process under valgrind answered slowly; here each request is awaited by its own
 * worker, and one that gets no answer within the timeout fails the run.
 */
export async function sendExactly(
  url: string,
  next: () => Call,
  {
    amount,
    connections,
    headers = {},
    timeoutSeconds = 300,
  }: Required<Pick<LoadOptions, 'amount' | 'connections'>> &
    Pick<LoadOptions, 'headers' | 'timeoutSeconds'>,
): Promise<LoadResult> {
  const { origin, pathname, search } = new URL(url);
  const pool = new Pool(origin, {
    connections,
    headersTimeout: timeoutSeconds * 1000,
    bodyTimeout: timeoutSeconds * 1000,
  });
  let sent = 0;
  let errors = 0;
  let firstError: string | null = null;
  const fail = (problem: string) => {
    errors++;
    firstError ??= problem;
  };
  const worker = async () => {
    while (sent < amount) {
      sent++;
      const call = next();
      try {
        const response = await pool.request({
          path: `${pathname}${search}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers, ...call.headers },
          body: call.body,
        });
        const body = await response.body.text();
        const problem = problemOf(response.statusCode, body, call);
        if (problem) fail(`${problem} ← ${body.slice(0, 200)}`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: connections }, worker));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: amount / seconds,
    p50Ms: 0,
    p99Ms: 0,
    errors,
    requests: amount,
    firstError,
  };
}
