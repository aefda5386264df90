// A subgraph whose database pool is exhausted (one connection, held by another client of the
// pool) answers DATABASE_BUSY within DATABASE_ACQUIRE_TIMEOUT_MS instead of queueing the statement
// until the gateway gives up, and serves again once the connection is free.
import { sql as sqlText } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { formatError } from '../../kernel/formatError.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { type FaultSystem, startFaultSystem } from '../support/faultSystem.ts';
import { metricValue } from '../support/metrics.ts';

const url = inject('testDatabaseUrl');
const ACQUIRE_TIMEOUT_MS = 300;
const [subject] = samplePersonalIds(TEST_POPULATION);
if (!subject) throw new Error('no sample citizen');
const QUERY = 'query ($id: ID!) { citizen(personalId: $id) { personalId } }';

describe.skipIf(!url)('a pool with no free connection', () => {
  let tiny: Database;
  let audit: Database;
  let system: FaultSystem;
  let held: postgres.ReservedSql | undefined;
  const hold = async () => {
    held = await (tiny.sql as postgres.Sql).reserve();
  };
  const release = () => {
    held?.release();
    held = undefined;
  };

  beforeAll(async () => {
    tiny = openDatabase({ url: url as string, poolSize: 1, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS });
    audit = openDatabase({ url: url as string, poolSize: 1 });
    system = await startFaultSystem({ database: tiny, audit, subgraphTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    release();
    await system?.stop();
    await tiny?.close();
    await audit?.close();
  });

  it('refuses a statement with DATABASE_BUSY while the one connection is held, then runs it', async () => {
    await hold();
    const waiting = tiny.drizzle().execute(sqlText`select 1 as one`);
    const error = await waiting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(formatError({ message: 'x' }, error).extensions?.code).toBe('DATABASE_BUSY');
    release();
    const rows = await tiny.drizzle().execute(sqlText`select 1 as one`);
    expect(Array.from(rows as Iterable<unknown>)).toEqual([{ one: 1 }]);
  });

  it('answers the client DATABASE_BUSY at the field, naming the service, not SUBGRAPH_TIMEOUT, and counts it', async () => {
    const busy = { subgraph: 'population', code: 'DATABASE_BUSY' };
    const before = await metricValue('cg_subgraph_errors_total', busy);
    await hold();
    try {
      const answer = await system.ask(QUERY, { id: subject.personalId });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ citizen: null });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors?.[0]).toMatchObject({
        path: ['citizen'],
        extensions: { code: 'DATABASE_BUSY', serviceName: 'population' },
      });
      expect((await metricValue('cg_subgraph_errors_total', busy)) - before).toBe(1);
    } finally {
      release();
    }
    const served = await system.ask(QUERY, { id: subject.personalId });
    expect(served.errors).toBeUndefined();
    expect(served.data).toEqual({ citizen: { personalId: subject.personalId } });
  });
});
