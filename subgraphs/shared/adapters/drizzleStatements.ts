// Reaches into drizzle-orm's sessions, which have no hook around a statement's execution: every
// statement either driver's session prepares (query builder, relational queries, `db.execute`,
// the adapter's hand-written ones, in and out of transactions) runs through observeStatement.
import { PgliteSession } from 'drizzle-orm/pglite/session';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import { observeStatement } from '../../../kernel/observability/sqlSpans.ts';

interface Executable {
  execute(values?: Record<string, unknown>): Promise<unknown>;
}

let installed = false;

/** Installs the wrapper once per process; statements prepared before it are not wrapped. */
export function observeDrizzleStatements(): void {
  if (installed) return;
  installed = true;
  for (const Session of [PostgresJsSession, PgliteSession]) {
    const prototype = Session.prototype as unknown as {
      prepareQuery(...args: unknown[]): Executable;
    };
    const prepareQuery = prototype.prepareQuery;
    prototype.prepareQuery = function (this: unknown, ...args: unknown[]) {
      const prepared = prepareQuery.apply(this, args);
      const execute = prepared.execute;
      const text = (args[0] as { sql: string }).sql;
      prepared.execute = function (this: Executable, values) {
        return observeStatement(text, () => execute.call(this, values));
      };
      return prepared;
    };
  }
}
