import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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

// Prepared hand-written SQL comes from the drizzle adapter; re-exported for the audit writer.
export { prepareStatement } from './adapters/drizzle.ts';
