import type { Db } from '../../db/client.ts';
import { cards } from '../../db/schema/health_insurance.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyOf } from '../shared/sql.ts';

export function createLoaders(db: Db) {
  return {
    card: oneByKey(
      (keys) => db.select().from(cards).where(anyOf(cards.personalId, keys)),
      (row) => row.personalId,
    ),
  };
}

export type HealthInsuranceLoaders = ReturnType<typeof createLoaders>;
export type CardRow = typeof cards.$inferSelect;
