import type { Db } from '../../db/client.ts';
import { citizens } from '../../db/schema/population.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyOf } from '../shared/sql.ts';

/** A citizen with residences, family links and e-ID account: one statement for any batch. */
export function createLoaders(db: Db) {
  return {
    citizen: oneByKey(
      (keys) =>
        db.query.citizens.findMany({
          where: anyOf(citizens.personalId, keys),
          with: { residences: true, guardians: true, wards: true, eidAccount: true },
        }),
      (row) => row.personalId,
    ),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
export type CitizenRow = NonNullable<Awaited<ReturnType<PopulationLoaders['citizen']['load']>>>;
