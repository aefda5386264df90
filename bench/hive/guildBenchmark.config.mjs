// Hive Gateway with the Rust query planner as The Guild's gateway benchmark runs it
// (graphql-hive/graphql-gateways-benchmark, gateways/hive-gateway-router-runtime): the router
// runtime plus their plugin by which identical concurrent client requests share one execution,
// on top of Hive Gateway's default sharing of identical subgraph requests in flight.
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { sharedExecutions } from './sharedExecutions.mjs';

export const gatewayConfig = {
  unifiedGraphHandler,
  plugins: () => [sharedExecutions()],
};
