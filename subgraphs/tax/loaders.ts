import type { Db } from '../../db/client.ts';
import { taxpayers } from '../../db/schema/tax.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyOf } from '../shared/sql.ts';

/** A taxpayer with declarations and outstanding amounts: one statement for any batch. */
export function createLoaders(db: Db) {
  return {
    taxpayer: oneByKey(
      (keys) =>
        db.query.taxpayers.findMany({
          where: anyOf(taxpayers.personalId, keys),
          with: {
            declarations: { orderBy: (d, { desc }) => [desc(d.year)] },
            outstanding: true,
          },
        }),
      (row) => row.personalId,
    ),
  };
}

export type TaxLoaders = ReturnType<typeof createLoaders>;
export type TaxpayerRow = NonNullable<Awaited<ReturnType<TaxLoaders['taxpayer']['load']>>>;
