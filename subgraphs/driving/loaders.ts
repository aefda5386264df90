import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { licences } from '../../db/schema/driving.ts';
import { manyByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** The driving agency's drizzle database: its tables only (db/schema/agencies.ts). */
export type DrivingDb = Db<AgencyTables<'driving'>>;

/** Prepared once at start-up. */
export function prepare(db: DrivingDb) {
  return {
    licences: db
      .select()
      .from(licences)
      .where(anyKey(licences.personalId))
      .orderBy(desc(licences.issuedOn))
      .prepare('driving_licences'),
  };
}

export function createLoaders(statements: ReturnType<typeof prepare>) {
  return {
    licences: manyByKey(
      (keys) => statements.licences.execute(withKeys(keys)),
      (row) => row.personalId,
    ),
  };
}

export type DrivingLoaders = ReturnType<typeof createLoaders>;
export type LicenceRow = typeof licences.$inferSelect;
