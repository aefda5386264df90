import { sql } from 'drizzle-orm';
import { getMaterializedViewConfig } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';
import { STATISTICS_VIEWS } from './schema/statistics.ts';

/**
 * Recomputes every statistics view from the agencies' tables. CONCURRENTLY: readers keep the
 * previous figures until the new ones are committed, so statistics stay served during a refresh.
 */
export async function refreshStatistics(db: Db): Promise<void> {
  for (const view of STATISTICS_VIEWS) {
    const { name, schema } = getMaterializedViewConfig(view);
    await db.execute(sql.raw(`refresh materialized view concurrently "${schema}"."${name}"`));
  }
}
