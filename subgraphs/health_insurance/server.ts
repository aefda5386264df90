import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type HealthInsuranceLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const healthInsurance: SubgraphDefinition<HealthInsuranceLoaders> = {
  name: 'health_insurance',
  resolvers,
  prepare,
  createLoaders,
};
