import type { Db } from '../../../db/client.ts';
import { auditLog } from '../../../db/schema/access.ts';

export type AuditRecord = typeof auditLog.$inferInsert;
export type WriteAudit = (records: AuditRecord[]) => Promise<void>;

/** Keeps one INSERT well under PostgreSQL's 65,535 parameters. */
const MAX_RECORDS_PER_INSERT = 2_000;

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
          await db.insert(auditLog).values(records.slice(at, at + MAX_RECORDS_PER_INSERT));
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
