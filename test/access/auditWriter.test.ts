import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/audit/verify.ts';
import { type Database, openDatabase, rowsOf } from '../../db/client.ts';
import { type AuditRecord, auditWriter } from '../../subgraphs/shared/access/auditWriter.ts';

const record = (requestId: string): AuditRecord => ({
  requestId,
  subgraph: 'test',
  callerKind: 'agency',
  callerId: 'tester',
  scopes: ['identity'],
  decision: 'ALLOW',
});

describe('audit group commit', () => {
  let database: Database;
  beforeAll(async () => {
    database = openDatabase();
    await database.migrate();
  });
  afterAll(() => database?.close());

  it('writes the records of concurrent requests in one insert, and each waits for it', async () => {
    const inserts: string[] = [];
    const db = database.drizzle({ logQuery: (q) => inserts.push(q) });
    const write = auditWriter(db);
    await write([record(`first-${randomUUID()}`)]); // reads the chain's head once
    inserts.length = 0;
    const ids = Array.from({ length: 5 }, () => `group-${randomUUID()}`);
    await Promise.all(ids.map((id) => write([record(id), record(id)])));
    expect(inserts).toHaveLength(1);
    const rows = await db.execute(
      sql`select count(*)::int as n from access.audit_log where request_id = any(${sql.param(ids)})`,
    );
    const list = rowsOf<{ n: number }>(rows);
    expect(list[0]?.n).toBe(10);
  });

  it('tells every waiting request when its records could not be written', async () => {
    const db = database.drizzle();
    const write = auditWriter(db);
    const bad = { ...record('bad'), decision: undefined } as unknown as AuditRecord;
    const results = await Promise.allSettled([write([record(`ok-${randomUUID()}`)]), write([bad])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('chains after another writer of the same chain moved its head', async () => {
    const statements: string[] = [];
    const db = database.drizzle({ logQuery: (q) => statements.push(q) });
    const chain = `replicas-${randomUUID()}`;
    const [a, b] = [auditWriter(db), auditWriter(db)];
    const mine = (id: string) => ({ ...record(id), subgraph: chain });
    await a([mine('a1')]);
    await b([mine('b1')]);
    statements.length = 0;
    await a([mine('a2')]); // a's remembered head is stale: its first append inserts nothing
    expect(statements.filter((q) => q.includes('update access.audit_chains'))).toHaveLength(2);
    expect(await verifyChain(db, chain)).toEqual({ chain, records: 3 });
    const rows = rowsOf<{ request_id: string }>(
      await db.execute(sql`select request_id from access.audit_log where chain = ${chain}
        order by access.audit_log.seq`),
    );
    expect(rows.map((r) => r.request_id)).toEqual(['a1', 'b1', 'a2']);
  });
});
