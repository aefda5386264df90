import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  numeric,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { personalId } from './columns.ts';

/** Consent and audit: shared by every subgraph, written by the population agency's rules. */
export const access = pgSchema('access');

/** Systems that may receive data with a citizen's consent. */
export const grantees = access.table('grantees', {
  clientId: text('client_id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['ONE_STOP_SHOP', 'THIRD_PARTY'] }).notNull(),
});

export const consents = access.table(
  'consents',
  {
    personalId: personalId(),
    id: uuid('id').notNull().defaultRandom(),
    granteeClientId: text('grantee_client_id').notNull(),
    scopes: text('scopes').array().notNull(),
    purpose: text('purpose').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    /** Personal ID of the account that granted it: the subject, or their guardian. */
    grantedBy: text('granted_by').notNull(),
    createdViaLevel: smallint('created_via_level').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.id] })],
);

/**
 * Share credentials a citizen issued (the signed credential itself is never stored): checked on
 * every presentation, so a revocation takes effect at once.
 */
export const shareCredentials = access.table(
  'share_credentials',
  {
    personalId: personalId(),
    id: uuid('id').notNull().defaultRandom(),
    /** The one system that may present it: a grantee's client id. */
    audience: text('audience').notNull(),
    fields: text('fields').array().notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    /** Personal ID of the account that issued it: the subject, or their guardian. */
    issuedBy: text('issued_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.id] })],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (see the migrations). Hash-chained
 * per subgraph: `access.append_audit` numbers each record in its chain (`seq`) and stores its
 * predecessor's hash and its own, sha256 over both and a canonical encoding of its fields
 * (db/audit/canonical.ts; `npm run audit -- verify` checks the chains).
 */
export const auditLog = access.table(
  'audit_log',
  {
    /** UUIDv7 (see the migration): time-ordered, so the key index grows at one end. */
    id: uuid('id').notNull().default(sql`access.uuid_v7()`),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
    requestId: text('request_id').notNull(),
    subgraph: text('subgraph').notNull(),
    callerKind: text('caller_kind').notNull(),
    callerId: text('caller_id').notNull(),
    actor: text('actor'),
    /** The citizen whose data was read, `statistic:<Type.field>` for a statistic, null for an auditor's log-wide query. */
    subject: text('subject'),
    scopes: text('scopes').array().notNull(),
    purpose: text('purpose'),
    consentId: uuid('consent_id'),
    decision: text('decision', { enum: ['ALLOW', 'DENY'] }).notNull(),
    reason: text('reason'),
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.id] }),
    uniqueIndex('audit_log_chain_seq_idx').on(t.chain, t.seq),
    index('audit_log_subject_at_idx').on(t.subject, t.at),
    index('audit_log_request_idx').on(t.requestId),
  ],
);

/** The last record of each audit chain: locked while a batch is appended, so no chain forks. */
export const auditChains = access.table('audit_chains', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: bytea('hash').notNull(),
});

/** ε kept as thousandths exactly: a budget is never rounded away by floating point. */
const epsilon = (name: string) => numeric(name, { precision: 12, scale: 3 });

/**
 * Each statistics caller's differential-privacy budget: `spent` only grows, by one conditional
 * UPDATE per release (subgraphs/shared/statistics/privacyLedger.ts), so it never passes `budget`
 * (null: PRIVACY_BUDGET_EPSILON).
 */
export const privacyBudgets = access.table(
  'privacy_budgets',
  {
    callerKind: text('caller_kind').notNull(),
    callerId: text('caller_id').notNull(),
    budget: epsilon('budget'),
    spent: epsilon('spent').notNull().default('0'),
  },
  (t) => [
    primaryKey({ columns: [t.callerKind, t.callerId] }),
    check('privacy_budgets_spent_check', sql`${t.spent} >= 0`),
  ],
);

/** One row per differentially private release: who spent how much ε on which statistic. */
export const privacyDebits = access.table(
  'privacy_debits',
  {
    id: uuid('id').notNull().primaryKey().default(sql`access.uuid_v7()`),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
    requestId: text('request_id').notNull(),
    callerKind: text('caller_kind').notNull(),
    callerId: text('caller_id').notNull(),
    /** `Province.<field>`. */
    statistic: text('statistic').notNull(),
    epsilon: epsilon('epsilon').notNull(),
    /** The caller's budget left after this debit. */
    remaining: epsilon('remaining').notNull(),
  },
  (t) => [index('privacy_debits_caller_at_idx').on(t.callerKind, t.callerId, t.at)],
);
