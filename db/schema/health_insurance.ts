import { char, index, pgSchema, smallint, text } from 'drizzle-orm/pg-core';
import { day, personalId, updatedAt } from './columns.ts';

export const healthInsurance = pgSchema('health_insurance');

export const cards = healthInsurance.table(
  'cards',
  {
    personalId: personalId().primaryKey(),
    socialInsuranceNumber: char('social_insurance_number', { length: 10 }).notNull(),
    beneficiaryGroup: char('beneficiary_group', { length: 2 }).notNull(),
    benefitLevel: smallint('benefit_level').notNull(),
    facilityCode: text('facility_code').notNull(),
    facilityName: text('facility_name').notNull(),
    provinceCode: char('province_code', { length: 2 }).notNull(),
    validFrom: day('valid_from').notNull(),
    validUntil: day('valid_until').notNull(),
    continuousSince: day('continuous_since').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [index('cards_social_insurance_number_idx').on(t.socialInsuranceNumber)],
);
