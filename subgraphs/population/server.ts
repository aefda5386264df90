import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type PopulationLoaders, prepare } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const population: SubgraphDefinition<PopulationLoaders> = {
  name: 'population',
  resolvers,
  prepare,
  createLoaders,
};
