import type { SubgraphDefinition } from '../shared/subgraphServer.ts';
import { createLoaders, prepare, type TaxLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export const tax: SubgraphDefinition<TaxLoaders> = {
  name: 'tax',
  resolvers,
  prepare,
  createLoaders,
};
