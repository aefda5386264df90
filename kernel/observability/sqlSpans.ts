import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/sql');

let inFlight = 0;

/** Statements sent to the database and not yet answered (past the pool's size they queue). */
export const statementsInFlight = (): number => inFlight;

/**
 * Runs one SQL statement: counts it in flight, and while tracing is on records a span named by its
 * first keywords and carrying its text (statements are parameterised, so the text holds no
 * citizen's values, which are never recorded).
 */
export async function observeStatement<T>(text: string, run: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    if (!tracingEnabled()) return await run();
    return await tracer.startActiveSpan(
      spanName(text),
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.query.text': text },
      },
      async (span) => {
        try {
          return await run();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  } finally {
    inFlight--;
  }
}

/** `SELECT population.citizens`-like: the statement's verb and its first table, or the comment. */
export function spanName(text: string): string {
  const comment = /^\s*\/\*\s*([\w-]+)\s*\*\//.exec(text)?.[1];
  const body = text.replace(/\/\*.*?\*\//gs, ' ').trim();
  const verb = (/^\w+/.exec(body)?.[0] ?? 'SQL').toUpperCase();
  const table = /\b(?:from|into|update)\s+("?[\w.]+"?(?:\."?\w+"?)?)/i.exec(body)?.[1];
  return [verb, comment ?? table?.replaceAll('"', '')].filter(Boolean).join(' ');
}
