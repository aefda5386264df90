import type { Db } from '../../db/client.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { taxpayers } from '../../db/schema/tax.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** The tax agency's drizzle database: its tables only (db/schema/agencies.ts). */
export type TaxDb = Db<AgencyTables<'tax'>>;

/** Prepared once at start-up. */
export function prepare(db: TaxDb) {
  return {
    taxpayers: db.query.taxpayers
      .findMany({
        where: anyKey(taxpayers.personalId),
        with: {
          declarations: { orderBy: (d, { desc }) => [desc(d.year)] },
          outstanding: true,
        },
      })
      .prepare('tax_taxpayers'),
  };
}

/** A taxpayer with declarations and outstanding amounts: one statement for any batch. */
export function createLoaders(statements: ReturnType<typeof prepare>) {
  return {
    taxpayer: oneByKey(
      (keys) => statements.taxpayers.execute(withKeys(keys)),
      (row) => row.personalId,
    ),
  };
}

export type TaxLoaders = ReturnType<typeof createLoaders>;
export type TaxpayerRow = NonNullable<Awaited<ReturnType<TaxLoaders['taxpayer']['load']>>>;
