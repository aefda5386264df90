import { describe, expect, it } from 'vitest';
import type { Caller } from '../../kernel/access/caller.ts';
import {
  type CitizenFacts,
  type ConsentFact,
  decide,
  type Requirement,
} from '../../kernel/access/decide.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const ADULT = '001085000001';
const OTHER = '079190000002';
const CHILD = '001318000003';
const TEEN = '001310000004';
const GUARDIAN = '001080000005';

const consent = (overrides: Partial<ConsentFact> = {}): ConsentFact => ({
  id: 'c-1',
  granteeClientId: 'vietcombank',
  scopes: ['identity', 'health_insurance'],
  purpose: 'open-account',
  validFrom: new Date(NOW.getTime() - DAY),
  validUntil: new Date(NOW.getTime() + DAY),
  revokedAt: null,
  createdViaLevel: 2,
  ...overrides,
});

const facts = (personalId: string, overrides: Partial<CitizenFacts> = {}): CitizenFacts => ({
  personalId,
  dateOfBirth: '1985-03-01',
  account: { level: 2, locked: false },
  guardians: [],
  consents: [],
  ...overrides,
});

const IDENTITY: Requirement = { scope: 'identity', level: 1 };
const DOCUMENT: Requirement = { scope: 'health_insurance', level: 2 };

const citizen = (personalId: string, level: 1 | 2 = 2): Caller => ({
  kind: 'citizen',
  personalId,
  level,
});
const bank: Caller = { kind: 'third_party', clientId: 'vietcombank' };
const oneStopShop = (personalId: string): Caller => ({
  kind: 'one_stop_shop',
  clientId: 'one-stop-shop',
  personalId,
  level: 2,
});
const taxOffice: Caller = { kind: 'agency', clientId: 'gdt', scopes: ['identity', 'tax'] };

const child = facts(CHILD, {
  dateOfBirth: '2018-05-01',
  account: null,
  guardians: [{ personalId: GUARDIAN, relation: 'MOTHER' }],
});
const teen = facts(TEEN, {
  dateOfBirth: '2010-05-01',
  guardians: [{ personalId: GUARDIAN, relation: 'MOTHER' }],
});
const ward = facts(OTHER, { guardians: [{ personalId: GUARDIAN, relation: 'GUARDIAN' }] });

type Row = [
  string,
  Caller,
  string | null,
  Requirement,
  CitizenFacts | null,
  CitizenFacts | null,
  string,
];

// [what, caller, purpose, requirement, subject, caller's own facts, expected: ALLOW or the reason]
const TABLE: Row[] = [
  [
    'a level-2 citizen reads own identity',
    citizen(ADULT),
    null,
    IDENTITY,
    facts(ADULT),
    facts(ADULT),
    'ALLOW',
  ],
  [
    'a level-2 citizen reads own documents',
    citizen(ADULT),
    null,
    DOCUMENT,
    facts(ADULT),
    facts(ADULT),
    'ALLOW',
  ],
  [
    'a level-1 account reads own identity',
    citizen(ADULT, 1),
    null,
    IDENTITY,
    facts(ADULT, { account: { level: 1, locked: false } }),
    facts(ADULT, { account: { level: 1, locked: false } }),
    'ALLOW',
  ],
  [
    'a level-1 account cannot read own documents',
    citizen(ADULT, 1),
    null,
    DOCUMENT,
    facts(ADULT, { account: { level: 1, locked: false } }),
    facts(ADULT, { account: { level: 1, locked: false } }),
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'a level-1 sign-in on a level-2 account cannot read documents',
    citizen(ADULT, 1),
    null,
    DOCUMENT,
    facts(ADULT),
    facts(ADULT),
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'a level-2 token on a level-1 account cannot read documents',
    citizen(ADULT, 2),
    null,
    DOCUMENT,
    facts(ADULT, { account: { level: 1, locked: false } }),
    facts(ADULT, { account: { level: 1, locked: false } }),
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'a locked account reads nothing',
    citizen(ADULT),
    null,
    IDENTITY,
    facts(ADULT, { account: { level: 2, locked: true } }),
    facts(ADULT, { account: { level: 2, locked: true } }),
    'ACCOUNT_LOCKED',
  ],
  [
    'a citizen without an account reads nothing',
    citizen(ADULT),
    null,
    IDENTITY,
    facts(ADULT, { account: null }),
    facts(ADULT, { account: null }),
    'NO_ACCOUNT',
  ],
  [
    'a citizen cannot read another citizen',
    citizen(ADULT),
    null,
    IDENTITY,
    facts(OTHER),
    facts(ADULT),
    'NOT_DATA_SUBJECT',
  ],
  [
    'a parent reads an under-14 child as their own',
    citizen(GUARDIAN),
    null,
    DOCUMENT,
    child,
    facts(GUARDIAN),
    'ALLOW',
  ],
  [
    'a level-1 parent reads the child’s identity only',
    citizen(GUARDIAN, 1),
    null,
    DOCUMENT,
    child,
    facts(GUARDIAN, { account: { level: 1, locked: false } }),
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'a locked parent reads nothing of the child',
    citizen(GUARDIAN),
    null,
    IDENTITY,
    child,
    facts(GUARDIAN, { account: { level: 2, locked: true } }),
    'ACCOUNT_LOCKED',
  ],
  [
    'a parent cannot read a child of 14 or more',
    citizen(GUARDIAN),
    null,
    IDENTITY,
    teen,
    facts(GUARDIAN),
    'NOT_DATA_SUBJECT',
  ],
  [
    'a guardian reads an adult ward',
    citizen(GUARDIAN),
    null,
    IDENTITY,
    ward,
    facts(GUARDIAN),
    'ALLOW',
  ],
  [
    'a citizen manages own consents',
    citizen(ADULT, 1),
    null,
    { scope: 'consents', level: 1 },
    facts(ADULT),
    facts(ADULT),
    'ALLOW',
  ],
  [
    'a citizen reads who accessed own data',
    citizen(ADULT),
    null,
    { scope: 'audit', level: 1 },
    facts(ADULT),
    facts(ADULT),
    'ALLOW',
  ],
  [
    'an agency reads a scope of its mandate',
    taxOffice,
    'tax-assessment',
    { scope: 'tax', level: 2 },
    null,
    null,
    'ALLOW',
  ],
  [
    'an agency needs a declared purpose',
    taxOffice,
    null,
    { scope: 'tax', level: 2 },
    null,
    null,
    'PURPOSE_REQUIRED',
  ],
  [
    'an agency cannot read outside its mandate',
    taxOffice,
    'tax-assessment',
    DOCUMENT,
    null,
    null,
    'NO_MANDATE',
  ],
  [
    'an agency cannot manage consents',
    taxOffice,
    'x-purpose',
    { scope: 'consents', level: 1 },
    null,
    null,
    'NOT_DATA_SUBJECT',
  ],
  [
    'a bank reads what was consented',
    bank,
    'open-account',
    DOCUMENT,
    facts(ADULT, { consents: [consent()] }),
    null,
    'ALLOW',
  ],
  [
    'a bank needs a purpose',
    bank,
    null,
    IDENTITY,
    facts(ADULT, { consents: [consent()] }),
    null,
    'PURPOSE_REQUIRED',
  ],
  [
    'a bank cannot read for another purpose',
    bank,
    'credit-scoring',
    IDENTITY,
    facts(ADULT, { consents: [consent()] }),
    null,
    'CONSENT_REQUIRED',
  ],
  [
    'a bank cannot read a scope not consented',
    bank,
    'open-account',
    { scope: 'tax', level: 2 },
    facts(ADULT, { consents: [consent()] }),
    null,
    'CONSENT_REQUIRED',
  ],
  [
    'a bank without consent reads nothing',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT),
    null,
    'CONSENT_REQUIRED',
  ],
  [
    'an expired consent allows nothing',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent({ validUntil: new Date(NOW.getTime() - 1) })] }),
    null,
    'CONSENT_EXPIRED',
  ],
  [
    'a revoked consent allows nothing',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent({ revokedAt: new Date(NOW.getTime() - 1) })] }),
    null,
    'CONSENT_REVOKED',
  ],
  [
    'a consent not yet valid allows nothing',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent({ validFrom: new Date(NOW.getTime() + DAY) })] }),
    null,
    'CONSENT_NOT_YET_VALID',
  ],
  [
    'a revoked consent is overridden by an active one',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent({ id: 'old', revokedAt: new Date(0) }), consent()] }),
    null,
    'ALLOW',
  ],
  [
    'documents by consent need the subject’s level 2',
    bank,
    'open-account',
    DOCUMENT,
    facts(ADULT, { account: { level: 1, locked: false }, consents: [consent()] }),
    null,
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'identity by consent is fine from a level-1 subject',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { account: { level: 1, locked: false }, consents: [consent()] }),
    null,
    'ALLOW',
  ],
  [
    'a locked subject’s consent allows nothing',
    bank,
    'open-account',
    IDENTITY,
    facts(ADULT, { account: { level: 2, locked: true }, consents: [consent()] }),
    null,
    'ACCOUNT_LOCKED',
  ],
  [
    'a child’s documents by consent follow the granting guardian’s level',
    bank,
    'open-account',
    DOCUMENT,
    { ...child, consents: [consent({ createdViaLevel: 1 })] },
    null,
    'ACCOUNT_LEVEL_2_REQUIRED',
  ],
  [
    'the one-stop-shop reads what the citizen consented to',
    oneStopShop(ADULT),
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent({ granteeClientId: 'one-stop-shop' })] }),
    facts(ADULT),
    'ALLOW',
  ],
  [
    'the one-stop-shop reads a ward for the guardian',
    oneStopShop(GUARDIAN),
    'open-account',
    IDENTITY,
    { ...child, consents: [consent({ granteeClientId: 'one-stop-shop' })] },
    facts(GUARDIAN),
    'ALLOW',
  ],
  [
    'the one-stop-shop cannot read someone else than the signed-in citizen',
    oneStopShop(OTHER),
    'open-account',
    IDENTITY,
    facts(ADULT, { consents: [consent()] }),
    facts(OTHER),
    'NOT_DATA_SUBJECT',
  ],
  [
    'the one-stop-shop needs consent too',
    oneStopShop(ADULT),
    'open-account',
    IDENTITY,
    facts(ADULT),
    facts(ADULT),
    'CONSENT_REQUIRED',
  ],
  [
    'an analyst reads no citizen',
    { kind: 'analyst', clientId: 'gso' },
    'dashboard',
    IDENTITY,
    facts(ADULT),
    null,
    'AGGREGATES_ONLY',
  ],
  [
    'an auditor reads no citizen data',
    { kind: 'auditor', clientId: 'inspector' },
    'audit',
    IDENTITY,
    facts(ADULT),
    null,
    'NO_MANDATE',
  ],
  [
    'an auditor reads the access log',
    { kind: 'auditor', clientId: 'inspector' },
    null,
    { scope: 'audit', level: 1 },
    null,
    null,
    'ALLOW',
  ],
  [
    'a bank cannot read the access log',
    bank,
    'open-account',
    { scope: 'audit', level: 1 },
    facts(ADULT, { consents: [consent()] }),
    null,
    'NOT_DATA_SUBJECT',
  ],
];

describe('access decisions', () => {
  it.each(TABLE)('%s', (_, caller, purpose, requirement, subject, callerFacts, expected) => {
    const decision = decide({ caller, purpose, requirement, subject, callerFacts, now: NOW });
    expect(decision.allowed ? 'ALLOW' : decision.reason).toBe(expected);
  });

  it('names the consent that allowed a read', () => {
    const decision = decide({
      caller: bank,
      purpose: 'open-account',
      requirement: IDENTITY,
      subject: facts(ADULT, { consents: [consent({ id: 'c-42' })] }),
      callerFacts: null,
      now: NOW,
    });
    expect(decision).toEqual({ allowed: true, consentId: 'c-42' });
  });
});
