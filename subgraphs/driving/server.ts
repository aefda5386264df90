import { type AgencyTables, agencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type DrivingLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const driving: SubgraphDefinition<
  DrivingLoaders,
  ReturnType<typeof prepare>,
  AgencyTables<'driving'>
> = {
  name: 'driving',
  tables: agencyTables.driving,
  resolvers,
  prepare,
  createLoaders,
};
