import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { withAcquireDeadline } from './acquireDeadline.ts';
import * as schema from './schema/index.ts';

const tables = {
  ...schema.population,
  ...schema.healthInsurance,
  ...schema.driving,
  ...schema.vehicles,
  ...schema.tax,
  ...schema.access,
};

export type Tables = typeof tables;
/** A drizzle database over `T` (every agency's tables unless narrowed, see db/schema/agencies.ts). */
export type Db<T extends Record<string, unknown> = Tables> = PgDatabase<PgQueryResultHKT, T>;

const migrationsFolder = new URL('./migrations', import.meta.url).pathname;

/**
 * One database connection for the whole process: postgres.js when a URL is given, embedded PGlite
 * otherwise. Each subgraph takes its own drizzle view of it (`drizzle(logger)`), so that statements
 * can be counted per subgraph while the connection is shared.
 */
export interface Database {
  kind: 'postgres' | 'pglite';
  drizzle(logger?: Logger): Db;
  /** A drizzle view that knows only `only`'s tables (an agency's, see db/schema/agencies.ts). */
  drizzleOf<T extends Record<string, unknown>>(only: T, logger?: Logger): Db<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The postgres.js client, for bulk COPY; absent on PGlite. */
  sql?: postgres.Sql;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory; in memory when absent. */
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /** A statement no connection takes within this is refused with DATABASE_BUSY (unset: waits). */
  acquireTimeoutMs?: number | undefined;
}

export function openDatabase(options: DatabaseOptions = {}): Database {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? 10, options.acquireTimeoutMs)
    : openPglite(options.dataDir);
}

function openPostgres(
  url: string,
  poolSize: number,
  acquireTimeoutMs: number | undefined,
): Database {
  const sql = postgres(url, {
    max: poolSize,
    idle_timeout: 30,
    connect_timeout: 10,
    // postgres.js waits up to 20 s between reconnection attempts by default, growing with each
    // failure: after a database restart, service would come back that much later.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: () => {},
    connection: { statement_timeout: 10_000, application_name: 'citizen-graph' },
  });
  if (acquireTimeoutMs !== undefined) withAcquireDeadline(sql, acquireTimeoutMs);
  return {
    kind: 'postgres',
    sql,
    drizzle: (logger) => drizzlePostgres(sql, { schema: tables, logger: logger ?? false }) as Db,
    drizzleOf: (only, logger) => drizzlePostgres(sql, { schema: only, logger: logger ?? false }),
    migrate: () => migratePostgres(drizzlePostgres(sql), { migrationsFolder }),
    close: () => sql.end({ timeout: 5 }),
  };
}

function openPglite(dataDir: string | undefined): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  return {
    kind: 'pglite',
    drizzle: (logger) => drizzlePglite(client, { schema: tables, logger: logger ?? false }) as Db,
    drizzleOf: (only, logger) => drizzlePglite(client, { schema: only, logger: logger ?? false }),
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

/** The rows of `db.execute(...)`: postgres.js returns them as the result, PGlite under `rows`. */
export function rowsOf<R>(result: unknown): R[] {
  return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
}
