import { desc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { licences } from '../../db/schema/driving.ts';
import { manyByKey } from '../shared/loaders.ts';
import { anyOf } from '../shared/sql.ts';

export function createLoaders(db: Db) {
  return {
    licences: manyByKey(
      (keys) =>
        db
          .select()
          .from(licences)
          .where(anyOf(licences.personalId, keys))
          .orderBy(desc(licences.issuedOn)),
      (row) => row.personalId,
    ),
  };
}

export type DrivingLoaders = ReturnType<typeof createLoaders>;
