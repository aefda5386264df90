import { relations } from 'drizzle-orm';
import { bigint, pgSchema, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { day, personalId, updatedAt } from './columns.ts';

export const tax = pgSchema('tax');

/** Since July 2025 an individual's tax code is their personal ID, so it is the key. */
export const taxpayers = tax.table('taxpayers', {
  personalId: personalId().primaryKey(),
  taxOffice: text('tax_office').notNull(),
  status: text('status', { enum: ['ACTIVE', 'SUSPENDED', 'CLOSED'] }).notNull(),
  registeredOn: day('registered_on').notNull(),
  updatedAt: updatedAt(),
});

/** Amounts are whole đồng. */
export const declarations = tax.table(
  'declarations',
  {
    personalId: personalId(),
    year: smallint('year').notNull(),
    income: bigint('income', { mode: 'number' }).notNull(),
    taxPaid: bigint('tax_paid', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.year] })],
);

export const outstanding = tax.table(
  'outstanding',
  {
    personalId: personalId(),
    kind: text('kind', {
      enum: ['PERSONAL_INCOME_TAX', 'LATE_PAYMENT_INTEREST', 'PENALTY'],
    }).notNull(),
    period: text('period').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    dueOn: day('due_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.kind, t.period] })],
);

export const taxpayersRelations = relations(taxpayers, ({ many }) => ({
  declarations: many(declarations),
  outstanding: many(outstanding),
}));

export const declarationsRelations = relations(declarations, ({ one }) => ({
  taxpayer: one(taxpayers, {
    fields: [declarations.personalId],
    references: [taxpayers.personalId],
  }),
}));

export const outstandingRelations = relations(outstanding, ({ one }) => ({
  taxpayer: one(taxpayers, {
    fields: [outstanding.personalId],
    references: [taxpayers.personalId],
  }),
}));
