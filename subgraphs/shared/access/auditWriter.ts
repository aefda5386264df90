import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { auditLog } from '../../../db/schema/access.ts';

export type AuditRecord = typeof auditLog.$inferInsert;
export type WriteAudit = (records: AuditRecord[]) => Promise<void>;

/** Bounds one statement's size. */
const MAX_RECORDS_PER_INSERT = 2_000;

const column = (records: AuditRecord[], pick: (r: AuditRecord) => string | null | undefined) =>
  sql.param(records.map((r) => pick(r) ?? null));

/**
 * One statement text for any number of records (eleven array parameters, unnested), so it is
 * parsed and planned the same way each time and costs no query building.
 */
function insertStatement(records: AuditRecord[]) {
  return sql`/* audit */ insert into access.audit_log
      (request_id, subgraph, caller_kind, caller_id, actor, subject, scopes, purpose, consent_id, decision, reason)
    select r, s, ck, ci, a, sub, string_to_array(sc, ','), p, c::uuid, d, re
    from unnest(${column(records, (r) => r.requestId)}::text[], ${column(records, (r) => r.subgraph)}::text[],
      ${column(records, (r) => r.callerKind)}::text[], ${column(records, (r) => r.callerId)}::text[],
      ${column(records, (r) => r.actor)}::text[], ${column(records, (r) => r.subject)}::text[],
      ${column(records, (r) => r.scopes.join(','))}::text[], ${column(records, (r) => r.purpose)}::text[],
      ${column(records, (r) => r.consentId)}::text[], ${column(records, (r) => r.decision)}::text[],
      ${column(records, (r) => r.reason)}::text[])
      as t(r, s, ck, ci, a, sub, sc, p, c, d, re)`;
}

/**
 * Group commit for the audit log: requests that finish while an insert is running are written
 * together by the next one. Each request still waits until its own records are stored (or learns
 * that they could not be), so no answer leaves before its audit; under load there are far fewer
 * statements. No timer: a lone request is written at once.
 */
export function auditWriter(db: Db): WriteAudit {
  let queue: { records: AuditRecord[]; done: (error?: unknown) => void }[] = [];
  let running = false;

  async function drain() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const records = batch.flatMap((b) => b.records);
      try {
        for (let at = 0; at < records.length; at += MAX_RECORDS_PER_INSERT) {
          await db.execute(insertStatement(records.slice(at, at + MAX_RECORDS_PER_INSERT)));
        }
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
    }
    running = false;
  }

  return (records) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ records, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!running) {
        running = true;
        setImmediate(drain);
      }
    });
}
