import type { Db } from '../../db/client.ts';
import { grantees } from '../../db/schema/access.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { citizens } from '../../db/schema/population.ts';
import { oneByKey } from '../shared/loaders.ts';
import { anyKey, withKeys } from '../shared/sql.ts';

/** The population agency's drizzle database: its tables only (db/schema/agencies.ts). */
export type PopulationDb = Db<AgencyTables<'population'>>;

/** Prepared once at start-up. */
export function prepare(db: PopulationDb) {
  return {
    citizens: db.query.citizens
      .findMany({
        where: anyKey(citizens.personalId),
        with: { residences: true, guardians: true, wards: true, eidAccount: true },
      })
      .prepare('population_citizens'),
    grantees: db
      .select()
      .from(grantees)
      .where(anyKey(grantees.clientId))
      .prepare('access_grantees'),
  };
}

/** A citizen with residences, family links and e-ID account: one statement for any batch; grantees of listed consents likewise. */
export function createLoaders(statements: ReturnType<typeof prepare>) {
  return {
    citizen: oneByKey(
      (keys) => statements.citizens.execute(withKeys(keys)),
      (row) => row.personalId,
    ),
    grantee: oneByKey(
      (keys) => statements.grantees.execute(withKeys(keys)),
      (row) => row.clientId,
    ),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
export type CitizenRow = NonNullable<Awaited<ReturnType<PopulationLoaders['citizen']['load']>>>;
