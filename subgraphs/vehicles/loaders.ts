import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { registrations } from '../../db/schema/vehicles.ts';
import { manyByKey, oneByKey } from '../shared/loaders.ts';
import { anyOf } from '../shared/sql.ts';

export function createLoaders(db: Db) {
  return {
    byOwner: manyByKey(
      (keys) =>
        db
          .select()
          .from(registrations)
          .where(anyOf(registrations.personalId, keys))
          .orderBy(asc(registrations.registeredOn)),
      (row) => row.personalId,
    ),
    byPlate: oneByKey(
      (plates) => db.select().from(registrations).where(anyOf(registrations.plate, plates)),
      (row) => row.plate,
    ),
  };
}

export type VehiclesLoaders = ReturnType<typeof createLoaders>;
export type RegistrationRow = typeof registrations.$inferSelect;
