import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
