// Compiled by `npm run typecheck`, never run: each subgraph's drizzle database knows its own
// agency's tables only. Each `@ts-expect-error` below fails the type check if a boundary opens.
import type { Db } from '../../db/client.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import type { DrivingDb } from '../../subgraphs/driving/loaders.ts';
import type { HealthInsuranceDb } from '../../subgraphs/health_insurance/loaders.ts';
import type { PopulationDb } from '../../subgraphs/population/loaders.ts';
import type { TaxDb } from '../../subgraphs/tax/loaders.ts';
import type { VehiclesDb } from '../../subgraphs/vehicles/loaders.ts';

export const ownTablesOnly = (
  population: PopulationDb,
  healthInsurance: HealthInsuranceDb,
  driving: DrivingDb,
  vehicles: VehiclesDb,
  tax: TaxDb,
) => [
  // Each reads its own tables…
  population.query.citizens,
  population.query.consents,
  healthInsurance.query.cards,
  driving.query.licences,
  vehicles.query.registrations,
  tax.query.taxpayers,
  // …and no other agency's.
  // @ts-expect-error population does not read tax records
  population.query.taxpayers,
  // @ts-expect-error health insurance does not read the population register
  healthInsurance.query.citizens,
  // @ts-expect-error health insurance does not read consents (access control does, for all)
  healthInsurance.query.consents,
  // @ts-expect-error driving does not read vehicle registrations
  driving.query.registrations,
  // @ts-expect-error vehicles does not read driver licences
  vehicles.query.licences,
  // @ts-expect-error tax does not read the population register
  tax.query.citizens,
  // @ts-expect-error tax does not read health insurance cards
  tax.query.cards,
];

/** The same for the subgraphs' database type itself: an agency's view is not the whole database. */
export const narrower = (tax: Db<AgencyTables<'tax'>>): Db => {
  // @ts-expect-error an agency's view cannot pass for the database with every agency's tables
  return tax;
};
