import { eq } from 'drizzle-orm';
import { type Database, openDatabase } from './client.ts';
import { refreshStatistics, statisticsUnpopulated } from './refreshStatistics.ts';
import { citizens } from './schema/population.ts';
import { seedWithCopy } from './seed/copy.ts';
import { generateCitizen } from './seed/generate.ts';
import { citizenCount, seed } from './seed/seed.ts';

export interface PrepareOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
  acquireTimeoutMs?: number | undefined;
  /** Seed this many citizens when the database holds none. */
  seedCount: number;
  log?: (line: string) => void;
}

/** Opens the database, applies migrations and seeds it on first start. */
export async function prepareDatabase(options: PrepareOptions): Promise<Database> {
  const log = options.log ?? (() => {});
  const database = openDatabase(options);
  await database.migrate();
  const db = database.drizzle();
  const existing = await citizenCount(db);
  if (existing === 0) {
    const started = Date.now();
    log(`seeding ${options.seedCount} synthetic citizens (${database.kind})…`);
    // COPY on PostgreSQL (~20,000 citizens/s), multi-row inserts on PGlite, as `npm run db -- seed`.
    if (database.sql) await seedWithCopy(database.sql, { count: options.seedCount });
    else await seed(db, { count: options.seedCount });
    await refreshStatistics(db);
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`database holds ${existing} citizens (${database.kind})`);
    if (await statisticsUnpopulated(db)) {
      log('computing the statistics views…');
      await refreshStatistics(db);
    }
    const first = generateCitizen(0, existing).citizen.personalId;
    const found = await db
      .select({ id: citizens.personalId })
      .from(citizens)
      .where(eq(citizens.personalId, first));
    if (found.length === 0) {
      log(
        'warning: these citizens were not made by the current generator; reseed with `npm run db -- seed --reset`',
      );
    }
  }
  return database;
}
