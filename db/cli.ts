import { parseArgs } from 'node:util';
import { openDatabase } from './client.ts';
import { databaseConfig } from './config.ts';
import { refreshStatistics } from './refreshStatistics.ts';
import { seedWithCopy } from './seed/copy.ts';
import { samplePersonalIds } from './seed/samples.ts';
import { seed, truncateAll } from './seed/seed.ts';

/**
 * npm run db -- migrate | seed [--count N] [--reset] [--start K] | statistics | samples [--count N]
 * Works on DATABASE_URL when set, on the embedded PGlite directory otherwise.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string' },
    reset: { type: 'boolean', default: false },
    start: { type: 'string', default: '0' },
  },
});
const config = databaseConfig();
const count = values.count === undefined ? config.seedCount : Number(values.count);
if (!Number.isInteger(count) || count <= 0) throw new Error(`--count must be a positive integer`);
const start = Number(values.start);
if (!Number.isInteger(start) || start < 0 || start >= count) {
  throw new Error(`--start must be an integer from 0 to count - 1`);
}
if (start > 0 && values.reset) throw new Error('--reset would lose the citizens before --start');

switch (positionals[0]) {
  case 'migrate': {
    const database = openDatabase({ url: config.url, dataDir: config.pgliteDir });
    await database.migrate();
    console.log(`migrated (${database.kind})`);
    await database.close();
    break;
  }
  case 'seed': {
    const database = openDatabase({ url: config.url, dataDir: config.pgliteDir });
    await database.migrate();
    const db = database.drizzle();
    if (values.reset) await truncateAll(db);
    const started = performance.now();
    const options = {
      count,
      start,
      onProgress: (done: number) => process.stdout.write(`\r${done} / ${count} citizens`),
    };
    // COPY on PostgreSQL scales to millions; PGlite keeps the multi-row inserts.
    if (database.sql) await seedWithCopy(database.sql, options);
    else await seed(db, options);
    await refreshStatistics(db);
    const seconds = (performance.now() - started) / 1000;
    const written = count - start;
    console.log(
      `\nseeded ${written} citizens in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} citizens/s, ${database.kind})`,
    );
    await database.close();
    break;
  }
  case 'statistics': {
    const database = openDatabase({ url: config.url, dataDir: config.pgliteDir });
    const started = performance.now();
    await refreshStatistics(database.drizzle());
    console.log(`statistics refreshed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await database.close();
    break;
  }
  case 'samples':
    for (const sample of samplePersonalIds(count))
      console.log(`${sample.personalId}  ${sample.label}`);
    break;
  default:
    console.error(
      'usage: npm run db -- migrate | seed [--count N] [--reset] [--start K] | statistics | samples [--count N]',
    );
    process.exitCode = 2;
}
