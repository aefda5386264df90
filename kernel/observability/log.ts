import { trace } from '@opentelemetry/api';
import { type DestinationStream, type Level, pino } from 'pino';
import { envEnum } from '../../db/env.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Stdout, written in blocks of at least 4 KB (some 20 request lines) and at least every 200 ms,
 * and flushed at exit: a write per line cost each request a hand-off to libuv's thread pool and
 * back (syscalls and context switches on the gateway's core, which no instruction count shows).
 */
const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 });

/**
 * Where log lines go: stdout, or a test's capture. One indirection so that loggers made before a
 * test switches it (the root, per-request children) follow the switch.
 */
let destination: DestinationStream = stdout;
const sink: DestinationStream = { write: (line) => destination.write(line) };

/**
 * The process's structured JSON log. Lines carry identifiers, codes and durations, never personal
 * data: no personal ID, name, address, token, query text or variables, at any level.
 */
export const log = pino(
  {
    level: envEnum('LOG_LEVEL', LOG_LEVELS, 'info'),
    base: { pid: process.pid },
    // The trace a line was written in, so a line and its trace can be found from each other.
    mixin() {
      const span = trace.getActiveSpan();
      return span ? { traceId: span.spanContext().traceId } : {};
    },
  },
  sink,
);

/** Sends every line to `target` from now on, at `level` (tests capture the log this way). */
export function logTo(target: DestinationStream, level: Level | 'silent' = 'debug'): void {
  destination = target;
  log.level = level;
}

/**
 * What may be logged of an unexpected error: its class, codes and stack frames. The message is
 * left out, since drivers put values in it (PostgreSQL's "Key (personal_id)=(…) already exists").
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, routine, constraint } = error as Error & Record<string, unknown>;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  return {
    type: error.name,
    ...(code === undefined ? {} : { code }),
    ...(routine === undefined ? {} : { routine }),
    ...(constraint === undefined ? {} : { constraint }),
    stack: frames.join('\n'),
    ...(error.cause === undefined ? {} : { cause: safeError(error.cause) }),
  };
}
