import { sql } from 'drizzle-orm';
import type { PgMaterializedView } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../../../db/client.ts';
import { currentProvinceByCode, provinceByCode } from '../../../db/domain/provinces.ts';
import { badUserInput, codedError } from '../../../kernel/errors.ts';
import { TtlCache } from '../../../kernel/ttlCache.ts';
import { cacheSeconds, minimumCount } from './config.ts';
import {
  type Distribution,
  NATION,
  type PublishedFamily,
  publishFamily,
  type Tally,
} from './tables.ts';

export interface TableDefinition {
  /** The `Province` field that publishes it. */
  name: string;
  categories: () => readonly string[];
  /** Its pre-aggregated counts (db/schema/statistics.ts). */
  view: PgMaterializedView;
}

/** Tables that break down the same people or records, so they share their totals. */
export interface FamilyDefinition {
  name: string;
  tables: readonly TableDefinition[];
}

/** Any subgraph's database: the statistics views are read with plain SQL, not its tables. */
// biome-ignore lint/suspicious/noExplicitAny: a database of any agency's tables
type AnyDb = Db<any>;

interface StatisticsContext {
  db: AnyDb;
}

/**
 * Published families, per database, for STATISTICS_CACHE_SECONDS: the views change only when
 * refreshed, and every caller gets the same suppressed tables, so a dashboard's requests share one
 * computation instead of reading and suppressing again each time.
 */
const published = new WeakMap<AnyDb, TtlCache<Promise<PublishedFamily>>>();

/** A family's views in one statement, so that its tables count the same refresh. */
async function compute(db: AnyDb, family: FamilyDefinition): Promise<PublishedFamily> {
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
  return publishFamily(inputs, minimumCount());
}

function familyFor(db: AnyDb, family: FamilyDefinition): Promise<PublishedFamily> {
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

/** Only the nation and the provinces in force are published: see docs/PRIVACY.md. */
export function checkArea(code: string): void {
  if (code === NATION || currentProvinceByCode(code)) return;
  if (provinceByCode(code)) {
    throw codedError(
      'STATISTICS_NOT_PUBLISHED',
      `Province ${code} merged on 1 July 2025: statistics are published for the 34 provinces in force and the nation only.`,
      { provinceCode: code },
    );
  }
  throw badUserInput(`No province has the code "${code}".`, { provinceCode: code });
}

/** `Province` field resolvers for every table of the families. */
export function provinceStatistics(families: readonly FamilyDefinition[]) {
  const fields: Record<
    string,
    (province: { code: string }, args: unknown, ctx: StatisticsContext) => Promise<Distribution>
  > = {};
  for (const family of families) {
    for (const table of family.tables) {
      fields[table.name] = async (province, _args, ctx) => {
        checkArea(province.code);
        const tables = await familyFor(ctx.db, family);
        return tables.get(table.name)?.get(province.code) as Distribution;
      };
    }
  }
  return fields;
}
