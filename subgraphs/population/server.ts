import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type PopulationLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const population: SubgraphDefinition<PopulationLoaders> = {
  name: 'population',
  resolvers,
  createLoaders,
};
