import type { Db } from '../../../db/client.ts';
import { auditRecords, auditWriteDuration } from '../../../kernel/observability/metrics.ts';
import { type AuditRecord, auditChains } from './auditChain.ts';

export type { AuditRecord } from './auditChain.ts';
export type WriteAudit = (records: AuditRecord[]) => Promise<void>;

/** Bounds one statement's size. */
const MAX_RECORDS_PER_INSERT = 2_000;

/** Records by subgraph, whose chain they join (one group for a subgraph's own writer). */
function byChain(batch: { records: AuditRecord[] }[]): Map<string, AuditRecord[]> {
  const groups = new Map<string, AuditRecord[]>();
  for (const { records } of batch) {
    for (const record of records) {
      const group = groups.get(record.subgraph);
      if (group) group.push(record);
      else groups.set(record.subgraph, [record]);
    }
  }
  return groups;
}

/**
 * Group commit for the audit log: requests that finish while an insert is running are written
 * together by the next one. Each request still waits until its own records are stored (or learns
 * that they could not be), so no answer leaves before its audit; under load there are far fewer
 * statements. No timer: a lone request is written at once. Each batch is hash-chained
 * (auditChain.ts) and inserted in one statement.
 */
export function auditWriter(db: Db): WriteAudit {
  const appendTo = auditChains(db);
  let queue: { records: AuditRecord[]; done: (error?: unknown) => void }[] = [];
  let running = false;

  async function drain() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        for (const [chain, records] of byChain(batch)) {
          for (let at = 0; at < records.length; at += MAX_RECORDS_PER_INSERT) {
            const chunk = records.slice(at, at + MAX_RECORDS_PER_INSERT);
            const timer = auditWriteDuration.startTimer();
            await appendTo(chain, chunk);
            timer();
            auditRecords.inc(chunk.length);
          }
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
