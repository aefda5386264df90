import { sql } from 'drizzle-orm';
import { type ChainedRecord, chainHash } from '../../../db/audit/canonical.ts';
import type { Db } from '../../../db/client.ts';
import type { auditLog } from '../../../db/schema/access.ts';
import { uuidV7 } from '../../../kernel/uuidV7.ts';
import { prepareStatement } from '../adapters/drizzle.ts';

/** What a request records; the writer adds its id, time and place in its chain. */
export type AuditRecord = Omit<
  typeof auditLog.$inferInsert,
  'id' | 'at' | 'chain' | 'seq' | 'prevHash' | 'hash'
>;

/** A chain's last record, as this process last wrote or read it. */
interface Head {
  seq: bigint;
  hash: Buffer;
}

const param = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`;

/**
 * Appends a batch whose hashes were computed here, if and only if the chain's head is still the one
 * they were computed from: the head's UPDATE takes its row lock, so a concurrent writer of the same
 * chain waits, then finds the head moved and inserts nothing (`moved` 0). One statement. The rows
 * travel as one JSON text (`rowsJson`): JSON.stringify is native, where sixteen text[] parameters
 * were each escaped element by element in JavaScript by the driver.
 */
const APPEND = sql`/* audit */ with head as (
    update access.audit_chains set seq = ${param('lastSeq', 'bigint')}, hash = decode(${param('lastHash', 'text')}, 'hex')
    where chain = ${param('chain', 'text')} and seq = ${param('headSeq', 'bigint')}
      and hash = decode(${param('headHash', 'text')}, 'hex')
    returning 1
  ), inserted as (
    insert into access.audit_log (id, at, request_id, subgraph, caller_kind, caller_id, actor, subject,
      scopes, purpose, consent_id, decision, reason, chain, seq, prev_hash, hash)
    select i::uuid, t::timestamptz, r, s, ck, ci, a, sub, string_to_array(sc, ','), pu, c::uuid, d, re,
      ${param('chain', 'text')}, q::bigint, decode(ph, 'hex'), decode(h, 'hex')
    from json_to_recordset(${param('rowsJson', 'text')}::json)
      as x(i text, t text, r text, s text, ck text, ci text, a text, sub text, sc text, pu text,
        c text, d text, re text, q text, ph text, h text)
    where exists (select from head)
  )
  select count(*)::int as moved from head`;

/**
 * The same in the database, under the chain's row lock (migration 0005): for a writer that lost
 * the race to other replicas twice in a row. It cannot fail for contention, only wait.
 */
const APPEND_LOCKED = sql`/* audit */ select access.append_audit(${param('requestId', 'text[]')},
  ${param('subgraph', 'text[]')}, ${param('callerKind', 'text[]')}, ${param('callerId', 'text[]')},
  ${param('actor', 'text[]')}, ${param('subject', 'text[]')}, ${param('scopes', 'text[]')},
  ${param('purpose', 'text[]')}, ${param('consentId', 'text[]')}, ${param('decision', 'text[]')},
  ${param('reason', 'text[]')})`;

// Labelled apart from the appends: a process reads a chain's head once, not per request.
const HEAD = sql`/* audit-head */ select seq::text as seq, encode(hash, 'hex') as hash
  from access.audit_chains where chain = ${param('chain', 'text')}`;
const CREATE_HEAD = sql`/* audit-head */ insert into access.audit_chains (chain, seq, hash)
  values (${param('chain', 'text')}, 0, decode(repeat('00', 32), 'hex')) on conflict do nothing`;

const OPTIMISTIC_ATTEMPTS = 2;

const FIELDS = {
  requestId: (r: AuditRecord) => r.requestId,
  subgraph: (r: AuditRecord) => r.subgraph,
  callerKind: (r: AuditRecord) => r.callerKind,
  callerId: (r: AuditRecord) => r.callerId,
  actor: (r: AuditRecord) => r.actor ?? null,
  subject: (r: AuditRecord) => r.subject ?? null,
  scopes: (r: AuditRecord) => r.scopes.join(','),
  purpose: (r: AuditRecord) => r.purpose ?? null,
  consentId: (r: AuditRecord) => r.consentId?.toLowerCase() ?? null,
  decision: (r: AuditRecord) => r.decision,
  reason: (r: AuditRecord) => r.reason ?? null,
};

/** The records as one array per column, for the statements' unnest. */
export const columnsOf = (records: AuditRecord[]) =>
  Object.fromEntries(
    Object.entries(FIELDS).map(([name, pick]) => [name, records.map((r) => pick(r))]),
  );

/**
 * A linked batch as the JSON rows APPEND reads, in the order of its column list, and the last
 * record's hash in hex (the chain's new head). Each hash is encoded once: a record's `ph` is its
 * predecessor's `h`.
 */
function rowsJson(linked: ChainedRecord[], at: string, headHashHex: string) {
  let prevHashHex = headHashHex;
  const rows = linked.map((r) => {
    const hashHex = r.hash.toString('hex');
    const row = {
      i: r.id,
      t: at,
      r: r.requestId,
      s: r.subgraph,
      ck: r.callerKind,
      ci: r.callerId,
      a: r.actor,
      sub: r.subject,
      sc: r.scopes.join(','),
      pu: r.purpose,
      c: r.consentId,
      d: r.decision,
      re: r.reason,
      q: r.seq,
      ph: prevHashHex,
      h: hashHex,
    };
    prevHashHex = hashHex;
    return row;
  });
  return { json: JSON.stringify(rows), lastHashHex: prevHashHex };
}

let isoSecond = Number.NaN;
let isoSecondPrefix = '';

/**
 * `new Date(now).toISOString()`, formatting the date and time once per second: `toISOString` cost
 * ~9,000 instructions a call, once for every append.
 */
export function isoTime(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecondPrefix = new Date(second * 1000).toISOString().slice(0, 20); // 'YYYY-MM-DDTHH:MM:SS.'
    isoSecond = second;
  }
  return `${isoSecondPrefix}${String(now - second * 1000).padStart(3, '0')}Z`;
}

/** Numbers, times and hashes a batch after `head`. */
function link(chain: string, head: Head, records: AuditRecord[], now: number): ChainedRecord[] {
  const atMicros = String(BigInt(now) * 1000n);
  let prevHash = head.hash;
  return records.map((r, k) => {
    const record: ChainedRecord = {
      chain,
      seq: String(head.seq + BigInt(k + 1)),
      id: uuidV7(now),
      atMicros,
      requestId: r.requestId,
      subgraph: r.subgraph,
      callerKind: r.callerKind,
      callerId: r.callerId,
      actor: FIELDS.actor(r),
      subject: FIELDS.subject(r),
      scopes: r.scopes,
      purpose: FIELDS.purpose(r),
      consentId: FIELDS.consentId(r),
      decision: r.decision,
      reason: FIELDS.reason(r),
      prevHash,
      hash: Buffer.alloc(0),
    };
    record.hash = chainHash(prevHash, record);
    prevHash = record.hash;
    return record;
  });
}

/**
 * Appends batches to audit chains. Hashing happens here, in the subgraph, so the database only
 * inserts the rows and moves the chain's head in the same statement; the head is remembered
 * between batches, so a lone replica never reads it twice. A replica that finds the head moved by
 * another reloads it and tries again, then leaves the batch to the database's locked append.
 */
export function auditChains(db: Db) {
  const append = prepareStatement<{ moved: number }>(db, 'audit_append', APPEND);
  const appendLocked = prepareStatement(db, 'audit_append_locked', APPEND_LOCKED);
  const readHead = prepareStatement<{ seq: string; hash: string }>(db, 'audit_head', HEAD);
  const createHead = prepareStatement(db, 'audit_head_create', CREATE_HEAD);
  const heads = new Map<string, Head>();

  async function headOf(chain: string): Promise<Head> {
    const known = heads.get(chain);
    if (known) return known;
    let [row] = await readHead({ chain });
    if (!row) {
      await createHead({ chain });
      [row] = await readHead({ chain });
    }
    if (!row) throw new Error(`audit chain ${chain} has no head`);
    return { seq: BigInt(row.seq), hash: Buffer.from(row.hash, 'hex') };
  }

  return async function appendTo(chain: string, records: AuditRecord[]): Promise<void> {
    try {
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
        const head = await headOf(chain);
        const now = Date.now();
        const linked = link(chain, head, records, now);
        const at = isoTime(now);
        const last = linked.at(-1) as ChainedRecord;
        const headHash = head.hash.toString('hex');
        const rows = rowsJson(linked, at, headHash);
        const [result] = await append({
          chain,
          headSeq: String(head.seq),
          headHash,
          lastSeq: last.seq,
          lastHash: rows.lastHashHex,
          rowsJson: rows.json,
        });
        if (result?.moved === 1) {
          heads.set(chain, { seq: head.seq + BigInt(linked.length), hash: last.hash });
          return;
        }
        heads.delete(chain);
      }
      await appendLocked(columnsOf(records));
    } catch (error) {
      heads.delete(chain);
      throw error;
    }
  };
}
