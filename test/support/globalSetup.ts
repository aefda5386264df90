import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { prepareDatabase } from '../../db/prepare.ts';
import { TEST_POPULATION } from './backends.ts';
import { findTestRedis } from './redis.ts';

// TEST_DATABASE_NAME lets two checkouts test against one server at once.
const TEST_DATABASE = process.env.TEST_DATABASE_NAME || 'citizen_graph_test';
if (!/^[a-z_][a-z0-9_]*$/.test(TEST_DATABASE))
  throw new Error('TEST_DATABASE_NAME must be a plain identifier');

/**
 * With DATABASE_URL set, creates a fresh `citizen_graph_test` database on that server, migrates and
 * seeds it once for all test files, and provides its URL to them.
 */
export default async function setup(project: TestProject) {
  project.provide('testRedisUrl', await findTestRedis());
  const url = process.env.DATABASE_URL;
  if (!url) {
    if (process.env.CITIZEN_GRAPH_REQUIRE_POSTGRES) {
      throw new Error('CITIZEN_GRAPH_REQUIRE_POSTGRES is set but DATABASE_URL is not');
    }
    console.warn('DATABASE_URL is not set: the PostgreSQL suites do not run, only PGlite.');
    return;
  }
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEST_DATABASE} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${TEST_DATABASE}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${TEST_DATABASE}`;
  const database = await prepareDatabase({ url: testUrl.toString(), seedCount: TEST_POPULATION });
  await database.close();
  project.provide('testDatabaseUrl', testUrl.toString());
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string | undefined;
    testRedisUrl: string | undefined;
  }
}
