import { type AgencyTables, agencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type HealthInsuranceLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const healthInsurance: SubgraphDefinition<
  HealthInsuranceLoaders,
  ReturnType<typeof prepare>,
  AgencyTables<'health_insurance'>
> = {
  name: 'health_insurance',
  tables: agencyTables.health_insurance,
  resolvers,
  prepare,
  createLoaders,
};
