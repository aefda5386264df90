// The one place that reaches into drizzle-orm's internals. Its query builder prepares what it
// builds (`.prepare(name)`), but drizzle has no public way to prepare hand-written SQL: `db.execute`
// sends it unprepared, so postgres.js spends a round trip describing its parameters before every
// execution and PostgreSQL plans it every time. test/subgraphs/drizzleAdapter.test.ts holds this to
// drizzle's behaviour on both drivers; test/architecture/privateApis.test.ts keeps every other file
// off drizzle's session.
import type { SQL } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { rowsOf } from '../../../db/client.ts';

const dialect = new PgDialect();

/**
 * A hand-written statement (with `sql.placeholder`s) prepared once under `name`, as the query
 * builder's `.prepare(name)` does, and logged by the database's drizzle logger like any other.
 */
export function prepareStatement<R>(
  db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>,
  name: string,
  query: SQL,
) {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return async (values: Record<string, unknown>): Promise<R[]> =>
    rowsOf<R>(await prepared.execute(values));
}
