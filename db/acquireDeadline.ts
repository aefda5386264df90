import type postgres from 'postgres';

/** What postgres.js keeps on a statement that this reads (src/query.js, 3.4). */
interface PendingStatement {
  /** Set once a connection is executing it. */
  active: boolean;
  /** Set once it is written to a connection, behind that connection's current statement. */
  state: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  cancel(): unknown;
}

/** A statement that waited longer than the deadline for a connection of the pool. */
export class DatabaseBusy extends Error {
  readonly code = 'DATABASE_BUSY';
}

/**
 * postgres.js has no acquire timeout: with all `max` connections busy, a statement is pipelined
 * behind another one or queued, for as long as they take. Every statement sent through `unsafe`
 * (all of drizzle's) that no connection executes within `ms` is rejected with DatabaseBusy; one
 * still queued is also withdrawn. One already written to a connection cannot be taken back: it
 * runs when its turn comes and its result is dropped. A running statement is left to
 * `statement_timeout`.
 */
export function withAcquireDeadline(sql: postgres.Sql, ms: number): void {
  const unsafe = sql.unsafe;
  sql.unsafe = ((...args: Parameters<typeof unsafe>) => {
    const query = unsafe(...args);
    const statement = query as unknown as PendingStatement;
    const { resolve, reject } = statement;
    const timer = setTimeout(() => {
      if (statement.active) return;
      statement.reject(new DatabaseBusy(`no database connection was free within ${ms} ms`));
      if (!statement.state) statement.cancel();
    }, ms);
    statement.resolve = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    statement.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    return query;
  }) as typeof unsafe;
}
