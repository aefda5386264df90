import { callerActor, callerId, type RequestIdentity } from '../../../kernel/access/caller.ts';
import type { Decision, Requirement } from '../../../kernel/access/decide.ts';
import type { AuditRecord, WriteAudit } from './auditWriter.ts';

export interface AuditBatch {
  /** Adds a decision to this request's records: one per subject and outcome, its scopes merged. */
  record(subject: string | null, requirement: Requirement, decision: Decision): void;
  /** Writes the remaining records and waits for every write; throws if any failed. */
  flush(): Promise<void>;
}

/**
 * A request's audit records. They are written as soon as a wave of decisions is made (one turn of
 * the event loop later, so a wave is one insert), while the resolvers read the data: the answer
 * then waits for the slower of the two, not for both in turn.
 */
export function createAuditBatch(
  writeAudit: WriteAudit,
  subgraph: string,
  { caller, purpose, requestId }: RequestIdentity,
): AuditBatch {
  const records = new Map<string, AuditRecord>();
  const writes: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  let scheduled = false;

  const writeRecorded = () => {
    scheduled = false;
    if (records.size === 0) return;
    const batch = [...records.values()];
    records.clear();
    writes.push(
      writeAudit(batch).catch((error: unknown) => {
        failure ??= { error };
      }),
    );
  };

  return {
    record(subject, requirement, decision) {
      const consentId = decision.allowed ? decision.consentId : null;
      const reason = decision.allowed ? null : decision.reason;
      const key = `${subject}|${reason}|${consentId}`;
      const existing = records.get(key);
      if (existing) {
        if (!existing.scopes.includes(requirement.scope)) existing.scopes.push(requirement.scope);
        return;
      }
      records.set(key, {
        requestId,
        subgraph,
        callerKind: caller.kind,
        callerId: callerId(caller),
        actor: callerActor(caller),
        subject,
        scopes: [requirement.scope],
        purpose,
        consentId,
        decision: decision.allowed ? 'ALLOW' : 'DENY',
        reason,
      });
      if (!scheduled) {
        scheduled = true;
        setImmediate(writeRecorded);
      }
    },
    async flush() {
      writeRecorded();
      await Promise.all(writes);
      if (failure) throw failure.error;
    },
  };
}
