import postgres from 'postgres';
import { openDatabase } from '../db/client.ts';
import { citizenCount, seed, truncateAll } from '../db/seed/seed.ts';

/**
 * The benchmark's own database, `citizen_graph_bench` on the server of BENCH_DATABASE_URL (default
 * the local PostgreSQL), created, migrated and seeded with `count` citizens when it holds another
 * number. Returns its URL.
 */
export async function prepareBenchDatabase(count: number): Promise<string> {
  const server = new URL(
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const exists = await admin`select 1 from pg_database where datname = 'citizen_graph_bench'`;
  if (exists.length === 0) await admin.unsafe('CREATE DATABASE citizen_graph_bench');
  await admin.end();
  server.pathname = '/citizen_graph_bench';
  const url = server.toString();
  const database = openDatabase({ url });
  await database.migrate();
  const db = database.drizzle();
  const existing = await citizenCount(db);
  if (existing !== count) {
    console.log(`seeding ${count} citizens into citizen_graph_bench (held ${existing})…`);
    const started = performance.now();
    await truncateAll(db);
    await seed(db, { count, onProgress: (done) => process.stdout.write(`\r${done} / ${count}`) });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nseeded in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} citizens/s)`);
    await db.execute('ANALYZE' as never);
  }
  await database.close();
  return url;
}
