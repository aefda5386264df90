import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { PgliteSession } from 'drizzle-orm/pglite/session';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import { tracingEnabled } from './tracing.ts';

const tracer = trace.getTracer('citizen-graph/sql');

interface Executable {
  queryString?: string;
  execute(values?: Record<string, unknown>): Promise<unknown>;
}

let instrumented = false;
let inFlight = 0;

/** Statements sent to the database and not yet answered (past the pool's size they queue). */
export const statementsInFlight = (): number => inFlight;

/**
 * Wraps every statement drizzle executes, on either driver: counts those in flight, and while
 * tracing is on records a span named by its first keywords and carrying its text (statements are
 * parameterised, so the text holds no citizen's values, which are never recorded). Statements
 * prepared before this is called are not wrapped: call it before building the subgraphs.
 */
export function instrumentSql(): void {
  if (instrumented) return;
  instrumented = true;
  for (const Session of [PostgresJsSession, PgliteSession]) {
    const prototype = Session.prototype as unknown as {
      prepareQuery(...args: unknown[]): Executable;
    };
    const prepareQuery = prototype.prepareQuery;
    prototype.prepareQuery = function (this: unknown, ...args: unknown[]) {
      const prepared = prepareQuery.apply(this, args);
      const execute = prepared.execute;
      const text = (args[0] as { sql: string }).sql;
      prepared.execute = async function (this: Executable, values) {
        inFlight++;
        try {
          if (!tracingEnabled()) return await execute.call(this, values);
          return await tracer.startActiveSpan(
            spanName(text),
            {
              kind: SpanKind.CLIENT,
              attributes: { 'db.system.name': 'postgresql', 'db.query.text': text },
            },
            async (span) => {
              try {
                return await execute.call(this, values);
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
      };
      return prepared;
    };
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
