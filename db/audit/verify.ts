import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../client.ts';
import { type ChainedRecord, chainHash, GENESIS_HASH } from './canonical.ts';

export interface ChainReport {
  chain: string;
  /** Records read before the first break (all of them for an intact chain). */
  records: number;
  /** The first broken record, or undefined when the chain is intact. */
  broken?: { id: string | null; seq: string; problem: string };
}

const PAGE = 10_000;

const asBuffer = (value: unknown) => Buffer.from(value as Uint8Array);
const hex = (value: Buffer) => value.toString('hex');

type Row = Omit<ChainedRecord, 'prevHash' | 'hash'> & { prevHash: unknown; hash: unknown };

async function page(db: Db, chain: string, afterSeq: string): Promise<ChainedRecord[]> {
  const rows = rowsOf<Row>(
    await db.execute(sql`select chain, seq::text as "seq", id::text as "id",
        ((extract(epoch from at) * 1000000)::bigint)::text as "atMicros", request_id as "requestId",
        subgraph, caller_kind as "callerKind", caller_id as "callerId", actor, subject, scopes,
        purpose, consent_id::text as "consentId", decision, reason, prev_hash as "prevHash", hash
      from access.audit_log where chain = ${chain} and seq > ${afterSeq}::bigint
      order by access.audit_log.seq limit ${PAGE}`),
  );
  return rows.map((r) => ({ ...r, prevHash: asBuffer(r.prevHash), hash: asBuffer(r.hash) }));
}

/** Why a record does not follow its predecessor, or undefined when it does. */
function problemOf(record: ChainedRecord, expectedSeq: bigint, prevHash: Buffer) {
  if (BigInt(record.seq) !== expectedSeq) {
    return `seq ${record.seq} where ${expectedSeq} was expected: records are missing before it`;
  }
  if (!record.prevHash.equals(prevHash)) {
    return `prev_hash ${hex(record.prevHash)} is not the hash of the record before it (${hex(prevHash)}): records removed, inserted or reordered`;
  }
  const computed = chainHash(record.prevHash, record);
  if (!record.hash.equals(computed)) {
    return `hash ${hex(record.hash)} does not match its fields (${hex(computed)}): the record was altered`;
  }
  return undefined;
}

/** Walks one chain in seq order and checks every link, then the chain's head. */
export async function verifyChain(db: Db, chain: string): Promise<ChainReport> {
  let expectedSeq = 1n;
  let prevHash: Buffer = GENESIS_HASH;
  let lastId: string | null = null;
  let records = 0;
  for (;;) {
    const rows = await page(db, chain, String(expectedSeq - 1n));
    for (const record of rows) {
      const problem = problemOf(record, expectedSeq, prevHash);
      if (problem) return { chain, records, broken: { id: record.id, seq: record.seq, problem } };
      records++;
      expectedSeq = BigInt(record.seq) + 1n;
      prevHash = record.hash;
      lastId = record.id;
    }
    if (rows.length < PAGE) break;
  }
  const [head] = rowsOf<{ seq: string; hash: unknown }>(
    await db.execute(
      sql`select seq::text as "seq", hash from access.audit_chains where chain = ${chain}`,
    ),
  );
  const lastSeq = String(expectedSeq - 1n);
  if (!head) {
    return {
      chain,
      records,
      broken: { id: lastId, seq: lastSeq, problem: 'the chain has no head' },
    };
  }
  if (head.seq !== lastSeq || !asBuffer(head.hash).equals(prevHash)) {
    const problem = `the chain's head is seq ${head.seq} (${hex(asBuffer(head.hash))}) but its last record is seq ${lastSeq} (${hex(prevHash)}): records missing or added at the end`;
    return { chain, records, broken: { id: lastId, seq: lastSeq, problem } };
  }
  return { chain, records };
}

/** Every chain, whether it has records, a head, or both. */
export async function verifyAllChains(db: Db): Promise<ChainReport[]> {
  const chains = rowsOf<{ chain: string }>(
    await db.execute(sql`select chain from access.audit_chains
      union select distinct chain from access.audit_log order by chain`),
  );
  const reports: ChainReport[] = [];
  for (const { chain } of chains) reports.push(await verifyChain(db, chain));
  return reports;
}
