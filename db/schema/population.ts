import { relations } from 'drizzle-orm';
import {
  boolean,
  index,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { day, personalId, updatedAt } from './columns.ts';

export const population = pgSchema('population');

export const citizens = population.table('citizens', {
  personalId: personalId().primaryKey(),
  fullName: text('full_name').notNull(),
  dateOfBirth: day('date_of_birth').notNull(),
  sex: text('sex', { enum: ['MALE', 'FEMALE'] }).notNull(),
  nationality: text('nationality').notNull(),
  ethnicity: text('ethnicity').notNull(),
  religion: text('religion').notNull(),
  placeOfOrigin: text('place_of_origin').notNull(),
  idCardNumber: text('id_card_number'),
  idCardIssuedOn: day('id_card_issued_on'),
  idCardExpiresOn: day('id_card_expires_on'),
  deceasedOn: day('deceased_on'),
  updatedAt: updatedAt(),
});

export const residences = population.table(
  'residences',
  {
    personalId: personalId(),
    kind: text('kind', { enum: ['PERMANENT', 'TEMPORARY'] }).notNull(),
    address: text('address').notNull(),
    communeCode: text('commune_code').notNull(),
    provinceCode: text('province_code').notNull(),
    registeredOn: day('registered_on').notNull(),
    endedOn: day('ended_on'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.kind, t.registeredOn] })],
);

/** A parent or guardian (`guardian_personal_id`) and the child or ward (`personal_id`). */
export const familyLinks = population.table(
  'family_links',
  {
    personalId: personalId(),
    guardianPersonalId: personalId('guardian_personal_id'),
    relation: text('relation', { enum: ['FATHER', 'MOTHER', 'GUARDIAN'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personalId, t.guardianPersonalId] }),
    index('family_links_guardian_idx').on(t.guardianPersonalId),
  ],
);

export const eidAccounts = population.table('eid_accounts', {
  personalId: personalId().primaryKey(),
  level: smallint('level').notNull(),
  locked: boolean('locked').notNull().default(false),
  registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'string' }).notNull(),
});

export const citizensRelations = relations(citizens, ({ many, one }) => ({
  residences: many(residences),
  guardians: many(familyLinks, { relationName: 'ward' }),
  wards: many(familyLinks, { relationName: 'guardian' }),
  eidAccount: one(eidAccounts, {
    fields: [citizens.personalId],
    references: [eidAccounts.personalId],
  }),
}));

export const residencesRelations = relations(residences, ({ one }) => ({
  citizen: one(citizens, { fields: [residences.personalId], references: [citizens.personalId] }),
}));

export const familyLinksRelations = relations(familyLinks, ({ one }) => ({
  ward: one(citizens, {
    fields: [familyLinks.personalId],
    references: [citizens.personalId],
    relationName: 'ward',
  }),
  guardian: one(citizens, {
    fields: [familyLinks.guardianPersonalId],
    references: [citizens.personalId],
    relationName: 'guardian',
  }),
}));
