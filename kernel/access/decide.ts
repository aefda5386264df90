import { ageOn } from '../../db/domain/dates.ts';
import type { Caller } from './caller.ts';
import type { AccountLevel, Scope } from './scopes.ts';
import { isDataScope, STATISTICS_SCOPE } from './scopes.ts';

export interface ConsentFact {
  id: string;
  granteeClientId: string;
  scopes: string[];
  purpose: string;
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
  createdViaLevel: AccountLevel;
}

/** What the rules need to know about a citizen, loaded in one batched statement per request. */
export interface CitizenFacts {
  personalId: string;
  dateOfBirth: string;
  account: { level: AccountLevel; locked: boolean } | null;
  guardians: { personalId: string; relation: 'FATHER' | 'MOTHER' | 'GUARDIAN' }[];
  /** Consents given to the calling system only. */
  consents: ConsentFact[];
}

export interface Requirement {
  scope: Scope;
  level: AccountLevel;
}

export type DenyReason =
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_LEVEL_2_REQUIRED'
  | 'NO_ACCOUNT'
  | 'NOT_DATA_SUBJECT'
  | 'NO_MANDATE'
  | 'PURPOSE_REQUIRED'
  | 'CONSENT_REQUIRED'
  | 'CONSENT_EXPIRED'
  | 'CONSENT_REVOKED'
  | 'CONSENT_NOT_YET_VALID'
  | 'AGGREGATES_ONLY';

export type Decision =
  | { allowed: true; consentId: string | null }
  | { allowed: false; reason: DenyReason };

export interface DecisionInput {
  caller: Caller;
  purpose: string | null;
  requirement: Requirement;
  /** The citizen whose data it is; null when the question concerns no one citizen. */
  subject: CitizenFacts | null;
  /** The calling citizen's own facts (citizen and one-stop-shop callers). */
  callerFacts: CitizenFacts | null;
  now: Date;
}

const allow = (consentId: string | null = null): Decision => ({ allowed: true, consentId });
const deny = (reason: DenyReason): Decision => ({ allowed: false, reason });

/** A guardian reads a ward's data as their own: an under-14 child, or a ward in guardianship. */
export function isGuardianOf(personalId: string, subject: CitizenFacts, now: Date): boolean {
  return subject.guardians.some(
    (g) =>
      g.personalId === personalId &&
      (g.relation === 'GUARDIAN' || ageOn(subject.dateOfBirth, now) < 14),
  );
}

/** The one place where access to citizen data is decided. */
export function decide(input: DecisionInput): Decision {
  const { caller, requirement } = input;
  if (requirement.scope === 'audit' && caller.kind === 'auditor') return allow();
  if (requirement.scope === STATISTICS_SCOPE) return decideStatistics(input);
  switch (caller.kind) {
    case 'citizen':
      return decideForCitizen(caller.personalId, caller.level, input);
    case 'agency':
      if (!isDataScope(requirement.scope)) return deny('NOT_DATA_SUBJECT');
      if (!input.purpose) return deny('PURPOSE_REQUIRED');
      return caller.scopes.includes(requirement.scope) ? allow() : deny('NO_MANDATE');
    case 'one_stop_shop':
    case 'third_party':
      return decideByConsent(input);
    case 'analyst':
      return deny('AGGREGATES_ONLY');
    case 'auditor':
      return deny('NO_MANDATE');
  }
}

/** Aggregates: analysts, and agencies whose mandate lists statistics, with a purpose. */
function decideStatistics({ caller, purpose }: DecisionInput): Decision {
  if (caller.kind === 'analyst') return allow();
  if (caller.kind !== 'agency' || !caller.scopes.includes(STATISTICS_SCOPE))
    return deny('NO_MANDATE');
  return purpose ? allow() : deny('PURPOSE_REQUIRED');
}

function decideForCitizen(
  personalId: string,
  tokenLevel: AccountLevel,
  input: DecisionInput,
): Decision {
  const { subject, callerFacts, requirement, now } = input;
  if (!subject) return deny('NOT_DATA_SUBJECT');
  if (subject.personalId !== personalId && !isGuardianOf(personalId, subject, now)) {
    return deny('NOT_DATA_SUBJECT');
  }
  const account = callerFacts?.account;
  if (!account) return deny('NO_ACCOUNT');
  if (account.locked) return deny('ACCOUNT_LOCKED');
  const level = Math.min(tokenLevel, account.level);
  return requirement.level > level ? deny('ACCOUNT_LEVEL_2_REQUIRED') : allow();
}

function decideByConsent({ caller, purpose, requirement, subject, now }: DecisionInput): Decision {
  if (!subject || !isDataScope(requirement.scope)) return deny('NOT_DATA_SUBJECT');
  if (
    caller.kind === 'one_stop_shop' &&
    subject.personalId !== caller.personalId &&
    !isGuardianOf(caller.personalId, subject, now)
  ) {
    return deny('NOT_DATA_SUBJECT');
  }
  if (!purpose) return deny('PURPOSE_REQUIRED');
  if (subject.account?.locked) return deny('ACCOUNT_LOCKED');
  const matching = subject.consents.filter(
    (c) => c.purpose === purpose && c.scopes.includes(requirement.scope),
  );
  const active = matching.find(
    (c) => c.revokedAt === null && c.validFrom <= now && now < c.validUntil,
  );
  if (active) {
    const level = subject.account?.level ?? active.createdViaLevel;
    return requirement.level > level ? deny('ACCOUNT_LEVEL_2_REQUIRED') : allow(active.id);
  }
  if (matching.some((c) => c.revokedAt !== null)) return deny('CONSENT_REVOKED');
  if (matching.some((c) => c.validUntil <= now)) return deny('CONSENT_EXPIRED');
  if (matching.length > 0) return deny('CONSENT_NOT_YET_VALID');
  return deny('CONSENT_REQUIRED');
}
