// The drizzle adapter prepares hand-written SQL through drizzle's session: what it returns, what
// the drizzle logger sees, and (on PostgreSQL) that the statement is really prepared.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { prepareStatement } from '../../subgraphs/shared/adapters/drizzle.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';

const citizen = (i: number) => generateCitizen(i, TEST_POPULATION).citizen;

const QUERY = sql`/* adapter-test */ select personal_id, full_name from population.citizens
  where personal_id = any(${sql.placeholder('keys')}) order by personal_id`;

describe.each(backends())('the drizzle adapter on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.close());

  it('runs a prepared statement with new values each time, logged like any other', async () => {
    const logged: string[] = [];
    const db = database.drizzle({ logQuery: (query) => logged.push(query) });
    const execute = prepareStatement<{ personal_id: string; full_name: string }>(
      db,
      'adapter_test',
      QUERY,
    );
    const [a, b, c] = [citizen(0), citizen(1), citizen(2)];
    const first = await execute({ keys: [a.personalId, b.personalId] });
    const second = await execute({ keys: [c.personalId, '000000000000'] });
    const expected = (list: { personalId: string; fullName: string }[]) =>
      list
        .map((x) => ({ personal_id: x.personalId, full_name: x.fullName }))
        .sort((x, y) => x.personal_id.localeCompare(y.personal_id));
    expect(first).toEqual(expected([a, b]));
    expect(second).toEqual(expected([c]));
    expect(logged.filter((q) => q.includes('adapter-test'))).toHaveLength(2);
  });

  it.runIf(backend.name === 'postgres')('prepares the statement on the server', async () => {
    const single = openDatabase({ url: inject('testDatabaseUrl') as string, poolSize: 1 });
    try {
      const db = single.drizzle();
      const execute = prepareStatement(db, 'adapter_test_server', QUERY);
      await execute({ keys: [citizen(0).personalId] });
      const prepared = rowsOf<{ statement: string }>(
        await db.execute(sql`select statement from pg_prepared_statements`),
      );
      expect(prepared.some((p) => p.statement.includes('adapter-test'))).toBe(true);
    } finally {
      await single.close();
    }
  });
});
