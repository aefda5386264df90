import { sql } from 'drizzle-orm';
import { getMaterializedViewConfig } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from './client.ts';
import { STATISTICS_VIEWS, statisticsResidents } from './schema/statistics.ts';

const viewName = (view: (typeof STATISTICS_VIEWS)[number] | typeof statisticsResidents) => {
  const { name, schema } = getMaterializedViewConfig(view);
  return `"${schema}"."${name}"`;
};

/**
 * Recomputes every statistics view from the agencies' tables, in one repeatable-read transaction so
 * that all views count the same snapshot (tables of a family must agree on their totals).
 * CONCURRENTLY once a view holds data: readers keep the previous figures until the new ones are
 * committed. Views are created empty by their migration; the first refresh fills them. The residents
 * every table groups by are computed first, once (not CONCURRENTLY: only this transaction reads
 * them), and analysed so that the tables' joins are planned on their true size.
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.transaction(
    async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      // The residents' sort spills to disk with the default 4 MB (1,000,000 citizens: 29 MB).
      await tx.execute(sql`set local work_mem = '64MB'`);
      await tx.execute(sql.raw(`refresh materialized view ${viewName(statisticsResidents)}`));
      await tx.execute(sql.raw(`analyze ${viewName(statisticsResidents)}`));
      for (const view of STATISTICS_VIEWS) {
        const { name, schema } = getMaterializedViewConfig(view);
        const [state] = rowsOf<{ populated: boolean }>(
          await tx.execute(sql`select ispopulated as populated from pg_matviews
            where schemaname = ${schema} and matviewname = ${name}`),
        );
        const how = state?.populated ? 'concurrently ' : '';
        await tx.execute(sql.raw(`refresh materialized view ${how}${viewName(view)}`));
      }
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** True when some statistics view has never been refreshed (a database migrated after seeding). */
export async function statisticsUnpopulated(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from pg_matviews where not ispopulated
      and matviewname like 'stat\\_%'`),
  );
  return (row?.n ?? 0) > 0;
}
