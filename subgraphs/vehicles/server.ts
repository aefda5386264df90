import { type AgencyTables, agencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, prepare, type VehiclesLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const vehicles: SubgraphDefinition<
  VehiclesLoaders,
  ReturnType<typeof prepare>,
  AgencyTables<'vehicles'>
> = {
  name: 'vehicles',
  tables: agencyTables.vehicles,
  resolvers,
  prepare,
  createLoaders,
};
