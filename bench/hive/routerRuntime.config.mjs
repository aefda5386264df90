// Hive Gateway with the Rust query planner (@graphql-hive/router-runtime), otherwise as shipped:
// identical subgraph requests in flight share one call (Hive Gateway's default).
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

export const gatewayConfig = { unifiedGraphHandler };
