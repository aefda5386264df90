import { type AgencyTables, agencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, prepare, type TaxLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const tax: SubgraphDefinition<
  TaxLoaders,
  ReturnType<typeof prepare>,
  AgencyTables<'tax'>
> = {
  name: 'tax',
  tables: agencyTables.tax,
  resolvers,
  prepare,
  createLoaders,
};
