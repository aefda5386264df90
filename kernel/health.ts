import { type Route, send } from './http.ts';

/** What keeps a process from serving; empty when it is ready. */
export type ReadinessCheck = () => Promise<string[]>;

const PROBE_TIMEOUT_MS = 1_000;

/** A check's problems, or that it did not finish within the probe's time. */
export async function within(what: string, check: Promise<unknown>): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string[]>((resolve) => {
    timer = setTimeout(
      () => resolve([`${what}: no answer within ${PROBE_TIMEOUT_MS} ms`]),
      PROBE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check.then(
        () => [],
        (error: unknown) => [
          `${what}: ${(error as { code?: string }).code ?? (error as Error).message}`,
        ],
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (it can serve: the check
 * finds no problem and it is not shutting down). Draining turns readiness false first, so a load
 * balancer stops sending before the server stops accepting.
 */
export class Health {
  private draining = false;

  constructor(private readonly check: ReadinessCheck) {}

  drain(): void {
    this.draining = true;
  }

  get routes(): Route[] {
    const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    return [
      {
        method: 'GET',
        path: '/health/live',
        handle: (_req, res) => send(res, 200, json, '{"status":"live"}'),
      },
      {
        method: 'GET',
        path: '/health/ready',
        handle: async (_req, res) => {
          if (this.draining) return send(res, 503, json, '{"status":"draining"}');
          const problems = await this.check();
          if (problems.length === 0) return send(res, 200, json, '{"status":"ready"}');
          send(res, 503, json, JSON.stringify({ status: 'not ready', problems }));
        },
      },
    ];
  }
}
