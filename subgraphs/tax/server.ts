import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, type TaxLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const tax: SubgraphDefinition<TaxLoaders> = {
  name: 'tax',
  resolvers,
  createLoaders,
};
