import { type Database, openDatabase } from './client.ts';
import { citizenCount, seed } from './seed/seed.ts';

export interface PrepareOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
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
    await seed(db, { count: options.seedCount });
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`database holds ${existing} citizens (${database.kind})`);
  }
  return database;
}
