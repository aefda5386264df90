import type { Db } from '../../../db/client.ts';
import type { AuditRecord, WriteAudit } from './auditWriter.ts';
import { type Caller, callerActor, callerId, type RequestIdentity } from './caller.ts';
import { type Decision, decide, type Requirement } from './decide.ts';
import { createFactsLoader } from './facts.ts';

export interface AccessContext {
  identity: RequestIdentity;
  /** Decides (once per subject and requirement in a request) and records the decision for audit. */
  check(subject: string | null, requirement: Requirement): Promise<Decision>;
  /** The decision `check` already reached for this subject and requirement, if any. */
  decided(subject: string | null, requirement: Requirement): Decision | undefined;
  /**
   * Writes this request's remaining audit records and waits for the ones already being written;
   * data must not be served if it throws.
   */
  flushAudit(): Promise<void>;
}

const grantee = (caller: Caller) =>
  caller.kind === 'one_stop_shop' || caller.kind === 'third_party' ? caller.clientId : null;
/** Agencies, analysts and auditors are decided on their token alone: no facts to load. */
const needsFacts = (caller: Caller) =>
  caller.kind === 'citizen' || caller.kind === 'one_stop_shop' || caller.kind === 'third_party';
const actingCitizen = (caller: Caller) =>
  caller.kind === 'citizen' || caller.kind === 'one_stop_shop' ? caller.personalId : null;

export function createAccessContext(
  db: Db,
  writeAudit: WriteAudit,
  subgraph: string,
  identity: RequestIdentity,
): AccessContext {
  const now = new Date();
  const facts = createFactsLoader(db, grantee(identity.caller));
  const decisions = new Map<string, Promise<Decision>>();
  const settled = new Map<string, Decision>();
  const keyOf = (subject: string | null, requirement: Requirement) =>
    `${subject}|${requirement.scope}|${requirement.level}`;
  const records = new Map<string, AuditRecord>();
  const { caller, purpose, requestId } = identity;

  // Records are written as soon as a wave of decisions is made (one check of the event loop later,
  // so a wave is one insert), while the resolvers read the data: the answer then waits for the
  // slower of the two, not for both in turn. flushAudit still waits for every write.
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

  const record = (subject: string | null, requirement: Requirement, decision: Decision) => {
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
  };

  return {
    identity,
    check(subject, requirement) {
      const key = keyOf(subject, requirement);
      let decision = decisions.get(key);
      if (!decision) {
        const acting = actingCitizen(caller);
        decision = Promise.all([
          subject === null || !needsFacts(caller) ? null : facts.load(subject),
          acting === null ? null : facts.load(acting),
        ]).then(([subjectFacts, callerFacts]) => {
          const result = decide({
            caller,
            purpose,
            requirement,
            subject: subjectFacts,
            callerFacts,
            now,
          });
          record(subject, requirement, result);
          settled.set(key, result);
          return result;
        });
        decisions.set(key, decision);
      }
      return decision;
    },
    decided: (subject, requirement) => settled.get(keyOf(subject, requirement)),
    async flushAudit() {
      writeRecorded();
      await Promise.all(writes);
      if (failure) throw failure.error;
    },
  };
}
