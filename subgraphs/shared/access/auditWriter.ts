import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { auditLog } from '../../../db/schema/access.ts';
import { auditRecords, auditWriteDuration } from '../../../kernel/observability/metrics.ts';
import { prepareStatement } from '../sql.ts';

/** What a request records; the database adds its id, time and place in its chain. */
export type AuditRecord = Omit<
  typeof auditLog.$inferInsert,
  'id' | 'at' | 'chain' | 'seq' | 'prevHash' | 'hash'
>;
export type WriteAudit = (records: AuditRecord[]) => Promise<void>;

/** Bounds one statement's size. */
const MAX_RECORDS_PER_INSERT = 2_000;

const COLUMNS = {
  requestId: (r: AuditRecord) => r.requestId,
  subgraph: (r: AuditRecord) => r.subgraph,
  callerKind: (r: AuditRecord) => r.callerKind,
  callerId: (r: AuditRecord) => r.callerId,
  actor: (r: AuditRecord) => r.actor,
  subject: (r: AuditRecord) => r.subject,
  scopes: (r: AuditRecord) => r.scopes.join(','),
  purpose: (r: AuditRecord) => r.purpose,
  consentId: (r: AuditRecord) => r.consentId,
  decision: (r: AuditRecord) => r.decision,
  reason: (r: AuditRecord) => r.reason,
};
const p = (name: keyof typeof COLUMNS) => sql`${sql.placeholder(name)}::text[]`;

/**
 * One prepared statement for any number of records (eleven array parameters), so it is parsed and
 * planned once per connection and costs no query building. `access.append_audit` (migration 0005)
 * chains them: it numbers and hashes each record under its chain's row lock, in the same statement.
 */
const INSERT = sql`/* audit */ select access.append_audit(${p('requestId')}, ${p('subgraph')},
  ${p('callerKind')}, ${p('callerId')}, ${p('actor')}, ${p('subject')}, ${p('scopes')}, ${p('purpose')},
  ${p('consentId')}, ${p('decision')}, ${p('reason')})`;

const columnsOf = (records: AuditRecord[]) =>
  Object.fromEntries(
    Object.entries(COLUMNS).map(([name, pick]) => [name, records.map((r) => pick(r) ?? null)]),
  );

/**
 * Group commit for the audit log: requests that finish while an insert is running are written
 * together by the next one. Each request still waits until its own records are stored (or learns
 * that they could not be), so no answer leaves before its audit; under load there are far fewer
 * statements. No timer: a lone request is written at once.
 */
export function auditWriter(db: Db): WriteAudit {
  const insert = prepareStatement(db, 'audit_insert', INSERT);
  let queue: { records: AuditRecord[]; done: (error?: unknown) => void }[] = [];
  let running = false;

  async function drain() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const records = batch.flatMap((b) => b.records);
      try {
        for (let at = 0; at < records.length; at += MAX_RECORDS_PER_INSERT) {
          const chunk = records.slice(at, at + MAX_RECORDS_PER_INSERT);
          const timer = auditWriteDuration.startTimer();
          await insert(columnsOf(chunk));
          timer();
          auditRecords.inc(chunk.length);
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
