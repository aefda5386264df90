import type { Db } from '../../../db/client.ts';
import {
  type Caller,
  callerActor,
  callerId,
  type RequestIdentity,
} from '../../../kernel/access/caller.ts';
import {
  type CitizenFacts,
  type Decision,
  decide,
  type Requirement,
} from '../../../kernel/access/decide.ts';
import { observeDecision } from '../../../kernel/observability/metrics.ts';
import type { AuditRecord, WriteAudit } from './auditWriter.ts';
import { createFactsLoader } from './facts.ts';

export interface AccessContext {
  identity: RequestIdentity;
  /** Decides (once per subject and requirement in a request) and records the decision for audit. */
  check(subject: string | null, requirement: Requirement): Promise<Decision>;
  /** Starts `check` without waiting for it; a failure surfaces at the field's own check. */
  anticipate(subject: string | null, requirement: Requirement): void;
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

interface Entry {
  /** Set once decided: a token-only caller is decided at once, others when their facts arrive. */
  decision?: Decision;
  pending?: Promise<Decision>;
}

/**
 * Decisions by scope, level and subject. Fields look their decision up once per field per citizen
 * (2,000 times for 100 citizens' identity): nested maps keyed by strings that already exist cost
 * no allocation, where a composite string key was built, hashed and collected on every lookup.
 */
class Decisions {
  private readonly byScope = new Map<string, Map<number, Map<string | null, Entry>>>();

  get(subject: string | null, requirement: Requirement): Entry | undefined {
    return this.byScope.get(requirement.scope)?.get(requirement.level)?.get(subject);
  }

  add(subject: string | null, requirement: Requirement, entry: Entry): void {
    let byLevel = this.byScope.get(requirement.scope);
    if (!byLevel) {
      byLevel = new Map();
      this.byScope.set(requirement.scope, byLevel);
    }
    let bySubject = byLevel.get(requirement.level);
    if (!bySubject) {
      bySubject = new Map();
      byLevel.set(requirement.level, bySubject);
    }
    bySubject.set(subject, entry);
  }
}

export function createAccessContext(
  db: Db,
  writeAudit: WriteAudit,
  subgraph: string,
  identity: RequestIdentity,
): AccessContext {
  const now = new Date();
  const facts = createFactsLoader(db, grantee(identity.caller));
  const decisions = new Decisions();
  const records = new Map<string, AuditRecord>();
  const { caller, purpose, requestId } = identity;
  const acting = actingCitizen(caller);
  const subjectNeedsFacts = needsFacts(caller);

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

  const settle = (
    entry: Entry,
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
    record(subject, requirement, decision);
    observeDecision(subgraph, caller.kind, requirement.scope, decision);
    entry.decision = decision;
    return decision;
  };

  /** The entry for this subject and requirement, deciding it (or starting to) if it is new. */
  const entryFor = (subject: string | null, requirement: Requirement): Entry => {
    const known = decisions.get(subject, requirement);
    if (known) return known;
    const entry: Entry = {};
    decisions.add(subject, requirement, entry);
    const subjectFacts = subject === null || !subjectNeedsFacts ? null : facts.load(subject);
    const callerFacts = acting === null ? null : facts.load(acting);
    if (subjectFacts === null && callerFacts === null) {
      try {
        settle(entry, subject, requirement, null, null);
      } catch (error) {
        entry.pending = Promise.reject(error);
      }
    } else {
      entry.pending = Promise.all([subjectFacts, callerFacts]).then(([forSubject, forCaller]) =>
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
    decided: (subject, requirement) => decisions.get(subject, requirement)?.decision,
    async flushAudit() {
      writeRecorded();
      await Promise.all(writes);
      if (failure) throw failure.error;
    },
  };
}
