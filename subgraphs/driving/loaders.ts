import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { licences } from '../../db/schema/driving.ts';
import { manyByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** Prepared once at start-up. */
export function prepare(db: Db) {
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
