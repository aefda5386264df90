import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, prepare, type VehiclesLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const vehicles: SubgraphDefinition<VehiclesLoaders> = {
  name: 'vehicles',
  resolvers,
  prepare,
  createLoaders,
};
