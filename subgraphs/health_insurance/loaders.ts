import type { Db } from '../../db/client.ts';
import { cards } from '../../db/schema/health_insurance.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** Prepared once at start-up. */
export function prepare(db: Db) {
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
