import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { seedWithCopy } from '../db/seed/copy.ts';
import { citizenCount, truncateAll } from '../db/seed/seed.ts';

/**
 * The benchmark's own database for a population size, `citizen_graph_bench_<count>` on the server
 * of BENCH_DATABASE_URL (default the local PostgreSQL): created, migrated, and seeded with COPY when
 * it holds another number of citizens. Returns its URL.
 */
export async function prepareBenchDatabase(count: number): Promise<string> {
  const server = new URL(
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const name = `citizen_graph_bench_${count}`;
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const exists = await admin`select 1 from pg_database where datname = ${name}`;
  if (exists.length === 0) await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  server.pathname = `/${name}`;
  const url = server.toString();
  const database = openDatabase({ url });
  await database.migrate();
  const db = database.drizzle();
  const existing = await citizenCount(db);
  if (existing !== count) {
    console.log(`seeding ${count} citizens into ${name} (held ${existing})…`);
    const started = performance.now();
    await truncateAll(db);
    await seedWithCopy(database.sql as postgres.Sql, {
      count,
      onProgress: (done) => process.stdout.write(`\r${done} / ${count}`),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nseeded in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} citizens/s)`);
    await (database.sql as postgres.Sql).begin(async (tx) => {
      await tx`SET LOCAL statement_timeout = 0`;
      await tx`ANALYZE`;
    });
  }
  await database.close();
  return url;
}
