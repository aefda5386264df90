// `npm run audit -- verify` as a newcomer runs it (on the embedded database here), and audit
// chains written by concurrent replicas on PostgreSQL, which must never fork.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { verifyChain } from '../../db/audit/verify.ts';
import { openDatabase, rowsOf } from '../../db/client.ts';
import { type AuditRecord, auditWriter } from '../../subgraphs/shared/access/auditWriter.ts';

const record = (chain: string, requestId: string): AuditRecord => ({
  requestId,
  subgraph: chain,
  callerKind: 'agency',
  callerId: 'tax-office',
  subject: '001234567890',
  scopes: ['tax'],
  purpose: 'inspection',
  decision: 'ALLOW',
});

const run = promisify(execFile);

/** Runs the CLI on a PGlite directory; resolves with its exit code and output. */
async function verifyCli(pgliteDir: string) {
  const env = { ...process.env, PGLITE_DIR: pgliteDir, DATABASE_URL: '' };
  try {
    const { stdout } = await run('npx', ['tsx', 'db/audit/cli.ts', 'verify'], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('npm run audit -- verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-audit-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes intact chains, then names a tampered record and exits non-zero', async () => {
    let database = openDatabase({ dataDir: dir });
    await database.migrate();
    const write = auditWriter(database.drizzle());
    await write(['a', 'b', 'c'].map((id) => record('population', id)));
    await write([record('tax', 'd')]);
    await database.close();

    const intact = await verifyCli(dir);
    expect(intact.stdout).toContain('population: 3 records, intact');
    expect(intact.stdout).toContain('tax: 1 records, intact');
    expect(intact.code).toBe(0);

    database = openDatabase({ dataDir: dir });
    const db = database.drizzle();
    const [target] = rowsOf<{ id: string }>(
      await db.execute(sql`select id::text as id from access.audit_log
        where chain = 'population' and seq = 2`),
    );
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update access.audit_log set subject = '079000000001'
        where id = ${target?.id}`);
    });
    await database.close();

    const tampered = await verifyCli(dir);
    expect(tampered.stdout).toContain(`population: BROKEN at record ${target?.id} (seq 2)`);
    expect(tampered.stdout).toContain('tax: 1 records, intact');
    expect(tampered.code).toBe(1);
  }, 240_000);
});

const postgresUrl = inject('testDatabaseUrl');

describe.skipIf(!postgresUrl)('audit chains under concurrent writers on PostgreSQL', () => {
  it('never fork, with several replicas each writing many requests at once', async () => {
    const replicas = Array.from({ length: 4 }, () =>
      openDatabase({ url: postgresUrl, poolSize: 3 }),
    );
    try {
      const [a, b] = [`replicas-a-${randomUUID()}`, `replicas-b-${randomUUID()}`];
      const writers = replicas.map((replica) => auditWriter(replica.drizzle()));
      // Batches with both chains, in both orders: the chains are locked in one order, so no deadlock.
      const requests = writers.flatMap((write, w) =>
        Array.from({ length: 40 }, (_, k) => {
          const id = `${w}-${k}`;
          return write(k % 2 ? [record(a, id), record(b, id)] : [record(b, id), record(a, id)]);
        }),
      );
      await Promise.all(requests);
      const db = replicas[0]?.drizzle();
      if (!db) throw new Error('no replica');
      for (const chain of [a, b]) {
        expect(await verifyChain(db, chain)).toEqual({ chain, records: 160 });
        const [counted] = rowsOf<{ n: number; requests: number }>(
          await db.execute(sql`select count(*)::int as n, count(distinct request_id)::int as requests
            from access.audit_log where chain = ${chain}`),
        );
        expect(counted).toEqual({ n: 160, requests: 160 });
      }
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
