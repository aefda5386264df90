import { parseArgs } from 'node:util';
import { openDatabase } from './client.ts';
import { databaseConfig } from './config.ts';
import { samplePersonalIds } from './seed/samples.ts';
import { seed, truncateAll } from './seed/seed.ts';

/**
 * npm run db -- migrate | seed [--count N] [--reset] | samples [--count N]
 * Works on DATABASE_URL when set, on the embedded PGlite directory otherwise.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { count: { type: 'string' }, reset: { type: 'boolean', default: false } },
});
const config = databaseConfig();
const count = values.count === undefined ? config.seedCount : Number(values.count);
if (!Number.isInteger(count) || count <= 0) throw new Error(`--count must be a positive integer`);

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
    await seed(db, {
      count,
      onProgress: (done) => process.stdout.write(`\r${done} / ${count} citizens`),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\nseeded ${count} citizens in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} citizens/s)`,
    );
    await database.close();
    break;
  }
  case 'samples':
    for (const sample of samplePersonalIds(count))
      console.log(`${sample.personalId}  ${sample.label}`);
    break;
  default:
    console.error(
      'usage: npm run db -- migrate | seed [--count N] [--reset] | samples [--count N]',
    );
    process.exitCode = 2;
}
