import { sql } from 'drizzle-orm';
import type { PgMaterializedView } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../../../db/client.ts';
import { TtlCache } from '../../../kernel/ttlCache.ts';
import { cacheSeconds, minimumCount } from './config.ts';
import { type PublishedFamily, publishFamily, type TableInput, type Tally } from './tables.ts';

export interface TableDefinition {
  /** The `Province` field that publishes it. */
  name: string;
  categories: () => readonly string[];
  /** Its pre-aggregated counts (db/schema/statistics.ts). */
  view: PgMaterializedView;
  /** What one count counts, and so what differential privacy protects: a citizen, a licence… */
  unit: string;
  /** The categories of a private answer when `categories` are only found in the data. */
  privateCategories?: () => readonly string[];
}

/** Tables that break down the same people or records, so they share their totals. */
export interface FamilyDefinition {
  name: string;
  tables: readonly TableDefinition[];
}

/** Any subgraph's database: the statistics views are read with plain SQL, not its tables. */
// biome-ignore lint/suspicious/noExplicitAny: a database of any agency's tables
export type AnyDb = Db<any>;

/** A family's counts as read, and as published with suppression. */
export interface FamilyTables {
  inputs: TableInput[];
  published: PublishedFamily;
}

/**
 * Published families, per database, for STATISTICS_CACHE_SECONDS: the views change only when
 * refreshed, and every caller gets the same suppressed tables, so a dashboard's requests share one
 * computation instead of reading and suppressing again each time.
 */
const published = new WeakMap<AnyDb, TtlCache<Promise<FamilyTables>>>();

/** A family's views in one statement, so that its tables count the same refresh. */
async function compute(db: AnyDb, family: FamilyDefinition): Promise<FamilyTables> {
  const selects = family.tables.map(
    (table) =>
      sql`select ${table.name}::text as "table", province, category, count from ${table.view}`,
  );
  const rows = rowsOf<Tally & { table: string }>(
    await db.execute(sql.join(selects, sql` union all `)),
  );
  const inputs = family.tables.map((table) => ({
    name: table.name,
    categories: table.categories(),
    tallies: rows.filter((r) => r.table === table.name),
  }));
  return { inputs, published: publishFamily(inputs, minimumCount()) };
}

export function familyFor(db: AnyDb, family: FamilyDefinition): Promise<FamilyTables> {
  let cache = published.get(db);
  if (!cache) {
    cache = new TtlCache(100);
    published.set(db, cache);
  }
  let result = cache.get(family.name);
  if (!result) {
    result = compute(db, family);
    cache.set(family.name, result, Date.now() + cacheSeconds() * 1000);
    result.catch(() => cache.delete(family.name));
  }
  return result;
}
