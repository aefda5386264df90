import { driving } from './driving/server.ts';
import { healthInsurance } from './health_insurance/server.ts';
import { population } from './population/server.ts';
import type { SubgraphDefinition } from './shared/subgraphServer.ts';
import { tax } from './tax/server.ts';
import { vehicles } from './vehicles/server.ts';

// biome-ignore lint/suspicious/noExplicitAny: each subgraph has its own loaders, statements and tables
export const SUBGRAPHS: readonly SubgraphDefinition<any, any, any>[] = [
  population,
  healthInsurance,
  driving,
  vehicles,
  tax,
];
