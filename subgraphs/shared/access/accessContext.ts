import type { Db } from '../../../db/client.ts';
import type { RequestIdentity } from '../../../kernel/access/caller.ts';
import {
  type CitizenFacts,
  type Decision,
  decide,
  type Requirement,
} from '../../../kernel/access/decide.ts';
import { observeDecision } from '../../../kernel/observability/metrics.ts';
import { createAuditBatch } from './auditBatch.ts';
import type { WriteAudit } from './auditWriter.ts';
import { DecisionMemo, type MemoEntry } from './decisionMemo.ts';
import { createDecisionFacts } from './facts.ts';

export interface AccessContext {
  identity: RequestIdentity;
  /** Decides (once per subject and requirement in a request) and records the decision for audit. */
  check(subject: string | null, requirement: Requirement): Promise<Decision>;
  /** Starts `check` without waiting for it; a failure surfaces at the field's own check. */
  anticipate(subject: string | null, requirement: Requirement): void;
  /** Records a decision reached outside `decide` (a share credential's presentation) for audit. */
  record(subject: string, requirement: Requirement, decision: Decision): void;
  /** The decision `check` already reached for this subject and requirement, if any. */
  decided(subject: string | null, requirement: Requirement): Decision | undefined;
  /**
   * Writes this request's remaining audit records and waits for the ones already being written;
   * data must not be served if it throws.
   */
  flushAudit(): Promise<void>;
}

/**
 * One request's access decisions: each subject and requirement is decided once (`decide`, on the
 * facts it needs), memoised, and recorded in the request's audit batch.
 */
export function createAccessContext(
  db: Db,
  writeAudit: WriteAudit,
  subgraph: string,
  identity: RequestIdentity,
): AccessContext {
  const { caller, purpose } = identity;
  const now = new Date();
  const factsFor = createDecisionFacts(db, caller);
  const memo = new DecisionMemo();
  const audit = createAuditBatch(writeAudit, subgraph, identity);

  const settle = (
    entry: MemoEntry,
    subject: string | null,
    requirement: Requirement,
    subjectFacts: CitizenFacts | null,
    callerFacts: CitizenFacts | null,
  ) => {
    const decision = decide({
      caller,
      purpose,
      requirement,
      subject: subjectFacts,
      callerFacts,
      now,
    });
    audit.record(subject, requirement, decision);
    observeDecision(subgraph, caller.kind, requirement.scope, decision);
    entry.decision = decision;
    return decision;
  };

  /** The memo's entry for this subject and requirement, deciding it (or starting to) if new. */
  const entryFor = (subject: string | null, requirement: Requirement): MemoEntry => {
    const known = memo.get(subject, requirement);
    if (known) return known;
    const entry: MemoEntry = {};
    memo.add(subject, requirement, entry);
    const facts = factsFor(subject);
    if (facts.subject === null && facts.caller === null) {
      try {
        settle(entry, subject, requirement, null, null);
      } catch (error) {
        entry.pending = Promise.reject(error);
      }
    } else {
      entry.pending = Promise.all([facts.subject, facts.caller]).then(([forSubject, forCaller]) =>
        settle(entry, subject, requirement, forSubject, forCaller),
      );
    }
    return entry;
  };

  return {
    identity,
    check(subject, requirement) {
      const entry = entryFor(subject, requirement);
      if (!entry.pending) entry.pending = Promise.resolve(entry.decision as Decision);
      return entry.pending;
    },
    anticipate(subject, requirement) {
      // The field's own check shares this promise and reports its failure.
      entryFor(subject, requirement).pending?.catch(() => {});
    },
    record(subject, requirement, decision) {
      audit.record(subject, requirement, decision);
      observeDecision(subgraph, caller.kind, requirement.scope, decision);
    },
    decided: (subject, requirement) => memo.get(subject, requirement)?.decision,
    flushAudit: () => audit.flush(),
  };
}
