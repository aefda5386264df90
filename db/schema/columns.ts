import { char, date, timestamp } from 'drizzle-orm/pg-core';

/** The 12-digit personal ID number: the key every agency's citizen data is distributed by. */
export const personalId = (name = 'personal_id') => char(name, { length: 12 }).notNull();

/** Calendar dates travel as ISO strings (YYYY-MM-DD), exactly as GraphQL serves them. */
export const day = (name: string) => date(name, { mode: 'string' });

/** When the agency last changed the record: what a prefilled form cites as its source's date. */
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
