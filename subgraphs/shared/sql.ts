import { type SQL, sql } from 'drizzle-orm';
import { type PgColumn, PgDialect } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../../db/client.ts';

/** The placeholder every batched statement takes its keys from. */
const KEYS = sql.placeholder('keys');

/**
 * `column = ANY($1)` with the keys as one array parameter: the statement text is the same for one
 * key or a thousand, so it is prepared once at start-up and PostgreSQL plans it once.
 */
export function anyKey(column: PgColumn): SQL {
  return sql`${column} = any(${KEYS})`;
}

/** The values a prepared batched statement is executed with. */
export const withKeys = (keys: readonly string[]) => ({ keys: [...keys] });

const dialect = new PgDialect();

/**
 * A hand-written statement (with `sql.placeholder`s) prepared once, as the query builder's
 * `.prepare(name)` does: `db.execute` sends SQL unprepared, so postgres.js spends a round trip
 * describing its parameters before every execution and PostgreSQL plans it every time.
 */
export function prepareStatement<R>(db: Db, name: string, query: SQL) {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return async (values: Record<string, unknown>): Promise<R[]> =>
    rowsOf<R>(await prepared.execute(values));
}
