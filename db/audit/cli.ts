import { openDatabase } from '../client.ts';
import { databaseConfig } from '../config.ts';
import { verifyAllChains } from './verify.ts';

/**
 * npm run audit -- verify: checks every audit chain and names the first broken record of each;
 * exits 1 when one is broken. Works on DATABASE_URL when set, on the embedded PGlite otherwise.
 */
const command = process.argv[2];
if (command !== 'verify') {
  console.error('usage: npm run audit -- verify');
  process.exit(2);
}
const config = databaseConfig();
const database = openDatabase({ url: config.url, dataDir: config.pgliteDir });
try {
  const reports = await verifyAllChains(database.drizzle());
  for (const r of reports) {
    if (!r.broken) console.log(`${r.chain}: ${r.records} records, intact`);
    else {
      const { id, seq, problem } = r.broken;
      console.log(`${r.chain}: BROKEN at record ${id ?? '(none)'} (seq ${seq}): ${problem}`);
    }
  }
  const broken = reports.filter((r) => r.broken).length;
  console.log(
    broken === 0
      ? `${reports.length} chains intact`
      : `${broken} of ${reports.length} chains broken`,
  );
  process.exitCode = broken === 0 ? 0 : 1;
} finally {
  await database.close();
}
