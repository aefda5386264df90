import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { registrations } from '../../db/schema/vehicles.ts';
import { manyByKey, oneByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** The vehicles agency's drizzle database: its tables only (db/schema/agencies.ts). */
export type VehiclesDb = Db<AgencyTables<'vehicles'>>;

/** Prepared once at start-up. */
export function prepare(db: VehiclesDb) {
  return {
    byOwner: db
      .select()
      .from(registrations)
      .where(anyKey(registrations.personalId))
      .orderBy(asc(registrations.registeredOn))
      .prepare('vehicles_by_owner'),
    byPlate: db
      .select()
      .from(registrations)
      .where(anyKey(registrations.plate))
      .prepare('vehicles_by_plate'),
  };
}

export function createLoaders(statements: ReturnType<typeof prepare>) {
  return {
    byOwner: manyByKey(
      (keys) => statements.byOwner.execute(withKeys(keys)),
      (row) => row.personalId,
    ),
    byPlate: oneByKey(
      (plates) => statements.byPlate.execute(withKeys(plates)),
      (row) => row.plate,
    ),
  };
}

export type VehiclesLoaders = ReturnType<typeof createLoaders>;
export type RegistrationRow = typeof registrations.$inferSelect;
