import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type DrivingLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const driving: SubgraphDefinition<DrivingLoaders> = {
  name: 'driving',
  resolvers,
  prepare,
  createLoaders,
};
