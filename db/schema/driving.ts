import { char, pgSchema, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { day, personalId, updatedAt } from './columns.ts';

export const driving = pgSchema('driving');

/** One row per class held: a licence number covers several classes. */
export const licences = driving.table(
  'licences',
  {
    personalId: personalId(),
    licenceNumber: char('licence_number', { length: 12 }).notNull(),
    class: text('class').notNull(),
    issuedOn: day('issued_on').notNull(),
    expiresOn: day('expires_on'),
    issuingAuthority: text('issuing_authority').notNull(),
    status: text('status', { enum: ['VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED'] }).notNull(),
    pointsLeft: smallint('points_left').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.licenceNumber, t.class] })],
);
