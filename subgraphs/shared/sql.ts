import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = ANY($1)` with the keys as one array parameter: the statement text is the same for one
 * key or a thousand, so PostgreSQL prepares it once.
 */
export function anyOf(column: PgColumn, keys: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...keys])})`;
}
