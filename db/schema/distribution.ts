/**
 * How every table would be distributed with Citus (docs/SCALE-OUT.md): one entry per table of
 * db/schema, `schema.table`. `test/db/distribution.test.ts` refuses a table missing here, and a
 * citizen-keyed table whose primary key or a unique key lacks `personal_id`.
 */
export type TableDistribution =
  /** Distributed by `personal_id`, co-located with every other citizen-keyed table. */
  | { kind: 'citizen' }
  /** Distributed by another column, for `reason`; `rekey`: the keys it must take first, if any. */
  | { kind: 'other'; column: string; reason: string; rekey?: string }
  /** Copied to every node: small lookups that citizen tables join with. */
  | { kind: 'reference'; reason: string };

export const TABLE_DISTRIBUTION: Record<string, TableDistribution> = {
  'population.citizens': { kind: 'citizen' },
  'population.residences': { kind: 'citizen' },
  'population.family_links': { kind: 'citizen' },
  'population.eid_accounts': { kind: 'citizen' },
  'health_insurance.cards': { kind: 'citizen' },
  'driving.licences': { kind: 'citizen' },
  'vehicles.registrations': { kind: 'citizen' },
  'tax.taxpayers': { kind: 'citizen' },
  'tax.declarations': { kind: 'citizen' },
  'tax.outstanding': { kind: 'citizen' },
  'access.consents': { kind: 'citizen' },
  'access.share_credentials': { kind: 'citizen' },
  'access.audit_log': {
    kind: 'other',
    column: 'subject',
    reason:
      'a citizen reads their own log by subject; statistics and log-wide reads have a subject that is no personal ID',
    rekey: 'primary key (subject, id), unique (subject, chain, seq): one hash chain per subject',
  },
  'access.audit_chains': {
    kind: 'other',
    column: 'chain',
    reason:
      'the head of each hash chain, locked on every append; once a chain is a subject, co-located with its records',
  },
  'access.privacy_budgets': {
    kind: 'other',
    column: 'caller_id',
    reason:
      'the budget of one analyst, locked by each differentially private release; no citizen in it',
  },
  'access.privacy_debits': {
    kind: 'other',
    column: 'caller_id',
    reason: 'written in the statement that moves the budget: co-located with it by caller',
    rekey: 'primary key (caller_id, id)',
  },
  'access.grantees': {
    kind: 'reference',
    reason: 'a few hundred registered systems, joined with consents on every consent check',
  },
};
