import type { Db } from '../../db/client.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { cards } from '../../db/schema/health_insurance.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** The health_insurance agency's drizzle database: its tables only (db/schema/agencies.ts). */
export type HealthInsuranceDb = Db<AgencyTables<'health_insurance'>>;

/** Prepared once at start-up. */
export function prepare(db: HealthInsuranceDb) {
  return {
    cards: db
      .select()
      .from(cards)
      .where(anyKey(cards.personalId))
      .prepare('health_insurance_cards'),
  };
}

export function createLoaders(statements: ReturnType<typeof prepare>) {
  return {
    card: oneByKey(
      (keys) => statements.cards.execute(withKeys(keys)),
      (row) => row.personalId,
    ),
  };
}

export type HealthInsuranceLoaders = ReturnType<typeof createLoaders>;
export type CardRow = typeof cards.$inferSelect;
