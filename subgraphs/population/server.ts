import { type AgencyTables, agencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type PopulationLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const population: SubgraphDefinition<
  PopulationLoaders,
  ReturnType<typeof prepare>,
  AgencyTables<'population'>
> = {
  name: 'population',
  tables: agencyTables.population,
  resolvers,
  prepare,
  createLoaders,
};
