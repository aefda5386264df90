// The audit log is hash-chained per subgraph: the verifier passes an intact chain and names the
// first record that was altered, removed, reordered or forged. Tampering needs the append-only
// trigger out of the way: the tests do it as the superuser they connect as, for their own
// transaction only (session_replication_role = replica), on a chain of their own.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainedRecord, canonical, chainHash } from '../../db/audit/canonical.ts';
import { verifyChain } from '../../db/audit/verify.ts';
import { type Database, type Db, rowsOf } from '../../db/client.ts';
import { type AuditRecord, auditWriter } from '../../subgraphs/shared/access/auditWriter.ts';
import { backends } from '../support/backends.ts';

const record = (chain: string, k: number): AuditRecord => ({
  requestId: `req-${k}`,
  subgraph: chain,
  callerKind: 'third-party',
  callerId: 'vietcombank',
  actor: k % 2 === 0 ? 'Nguyễn Văn A' : null,
  subject: '001234567890',
  scopes: k % 3 === 0 ? ['identity', 'tax'] : [],
  purpose: k % 2 === 0 ? 'open-account' : null,
  consentId: k % 2 === 0 ? '01900000-0000-7000-8000-000000000001' : null,
  decision: k % 2 === 0 ? 'ALLOW' : 'DENY',
  reason: k % 2 === 0 ? null : 'CONSENT_REQUIRED',
});

/** A chain of its own with `count` records written in three batches; returns its name. */
async function writeChain(db: Db, count = 6): Promise<string> {
  const chain = `test-chain-${randomUUID()}`;
  const write = auditWriter(db);
  const records = Array.from({ length: count }, (_, k) => record(chain, k + 1));
  await write(records.slice(0, 2));
  await Promise.all([write(records.slice(2, 4)), write(records.slice(4))]);
  return chain;
}

async function readChain(db: Db, chain: string): Promise<ChainedRecord[]> {
  const rows = rowsOf<ChainedRecord & { prevHash: Uint8Array; hash: Uint8Array }>(
    await db.execute(sql`select chain, seq::text as "seq", id::text as "id",
      ((extract(epoch from at) * 1000000)::bigint)::text as "atMicros", request_id as "requestId",
      subgraph, caller_kind as "callerKind", caller_id as "callerId", actor, subject, scopes,
      purpose, consent_id::text as "consentId", decision, reason, prev_hash as "prevHash", hash
      from access.audit_log where chain = ${chain} order by access.audit_log.seq`),
  );
  return rows.map((r) => ({ ...r, prevHash: Buffer.from(r.prevHash), hash: Buffer.from(r.hash) }));
}

/** Runs statements with the append-only trigger off, in one transaction. */
const tamper = (db: Db, ...statements: ReturnType<typeof sql>[]) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });

const idAt = async (db: Db, chain: string, seq: number) =>
  (await readChain(db, chain)).find((r) => r.seq === String(seq))?.id;

describe.each(backends())('audit hash chain on $name', (backend) => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await backend.open();
    db = database.drizzle();
  });
  afterAll(() => database?.close());

  it('numbers each record in its chain and links it to its predecessor by hash', async () => {
    const chain = await writeChain(db);
    const records = await readChain(db, chain);
    expect(records.map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const [k, r] of records.entries()) {
      const prev = k === 0 ? Buffer.alloc(32) : (records[k - 1] as ChainedRecord).hash;
      expect(r.prevHash.equals(prev)).toBe(true);
      expect(r.hash.equals(chainHash(prev, r))).toBe(true);
    }
    expect(await verifyChain(db, chain)).toEqual({ chain, records: 6 });
  });

  it('encodes a record in TypeScript exactly as the database does', async () => {
    const chain = await writeChain(db, 3);
    for (const r of await readChain(db, chain)) {
      const [fromSql] = rowsOf<{ encoded: string }>(
        await db.execute(sql`select access.audit_canonical(chain, seq, id, at, request_id,
            subgraph, caller_kind, caller_id, actor, subject, scopes, purpose, consent_id,
            decision, reason) as encoded
          from access.audit_log where id = ${r.id}`),
      );
      expect(canonical(r)).toBe(fromSql?.encoded);
    }
  });

  it('names an altered record', async () => {
    const chain = await writeChain(db);
    const id = await idAt(db, chain, 3);
    await tamper(db, sql`update access.audit_log set decision = 'ALLOW' where id = ${id}`);
    const report = await verifyChain(db, chain);
    expect(report.broken).toMatchObject({ id, seq: '3' });
    expect(report.broken?.problem).toMatch(/does not match its fields/);
    expect(report.records).toBe(2);
  });

  it('names the record after a deleted one', async () => {
    const chain = await writeChain(db);
    const next = await idAt(db, chain, 4);
    await tamper(db, sql`delete from access.audit_log where chain = ${chain} and seq = 3`);
    const report = await verifyChain(db, chain);
    expect(report.broken).toMatchObject({ id: next, seq: '4' });
    expect(report.broken?.problem).toMatch(/seq 4 where 3 was expected/);
  });

  it('notices a deleted last record by the chain head', async () => {
    const chain = await writeChain(db);
    const last = await idAt(db, chain, 5);
    await tamper(db, sql`delete from access.audit_log where chain = ${chain} and seq = 6`);
    const report = await verifyChain(db, chain);
    expect(report.broken).toMatchObject({ id: last, seq: '5' });
    expect(report.broken?.problem).toMatch(/head is seq 6 .* last record is seq 5/);
  });

  it('names the first of two records swapped in order', async () => {
    const chain = await writeChain(db);
    const moved = await idAt(db, chain, 3);
    await tamper(
      db,
      sql`update access.audit_log set seq = -1 where chain = ${chain} and seq = 2`,
      sql`update access.audit_log set seq = 2 where chain = ${chain} and seq = 3`,
      sql`update access.audit_log set seq = 3 where chain = ${chain} and seq = -1`,
    );
    const report = await verifyChain(db, chain);
    expect(report.broken).toMatchObject({ id: moved, seq: '2' });
    expect(report.broken?.problem).toMatch(/prev_hash .* is not the hash of the record before it/);
  });

  it('names the record after a forged one inserted with a valid hash', async () => {
    const chain = await writeChain(db);
    const records = await readChain(db, chain);
    const displaced = records[2]?.id;
    // The forger knows the algorithm: the forged record itself links and hashes correctly.
    const forged = { ...(records[2] as ChainedRecord), id: randomUUID(), callerId: 'forger' };
    forged.hash = chainHash(forged.prevHash, forged);
    await tamper(
      db,
      ...[6, 5, 4, 3].map(
        (seq) =>
          sql`update access.audit_log set seq = ${seq + 1} where chain = ${chain} and seq = ${seq}`,
      ),
      sql`insert into access.audit_log (id, at, request_id, subgraph, caller_kind, caller_id,
          actor, subject, scopes, purpose, consent_id, decision, reason, chain, seq, prev_hash, hash)
        select ${forged.id}::uuid, at, request_id, subgraph, caller_kind, 'forger', actor, subject,
          scopes, purpose, consent_id, decision, reason, chain, 3, prev_hash,
          decode(${forged.hash.toString('hex')}, 'hex')
        from access.audit_log where id = ${displaced}`,
    );
    const report = await verifyChain(db, chain);
    expect(report.broken).toMatchObject({ id: displaced, seq: '4' });
    expect(report.records).toBe(3);
  });

  it('notices a forged record appended after the head', async () => {
    const chain = await writeChain(db, 2);
    const [first, second] = await readChain(db, chain);
    const forged = {
      ...(second as ChainedRecord),
      id: randomUUID(),
      seq: '3',
      prevHash: (second as ChainedRecord).hash,
    };
    forged.hash = chainHash(forged.prevHash, forged);
    await db.execute(sql`insert into access.audit_log (id, at, request_id, subgraph, caller_kind,
        caller_id, actor, subject, scopes, purpose, consent_id, decision, reason, chain, seq,
        prev_hash, hash)
      select ${forged.id}::uuid, at, request_id, subgraph, caller_kind, caller_id, actor, subject,
        scopes, purpose, consent_id, decision, reason, chain, 3, hash,
        decode(${forged.hash.toString('hex')}, 'hex')
      from access.audit_log where id = ${second?.id}`);
    const report = await verifyChain(db, chain);
    expect(first).toBeDefined();
    expect(report.broken).toMatchObject({ id: forged.id, seq: '3' });
    expect(report.broken?.problem).toMatch(/head is seq 2 .* last record is seq 3/);
  });
});
