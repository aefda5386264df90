// Hive Gateway with the Rust query planner and no sharing at all: no shared client executions, and
// every subgraph request sent on its own (`deduplicateInflightRequests: false`, on by default).
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

export const gatewayConfig = {
  unifiedGraphHandler,
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
};
