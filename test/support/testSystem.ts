import type { Database } from '../../db/client.ts';
import { type RunningSystem, startSystem } from '../../gateway/system.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../schema/subgraphs.ts';
import type { Backend } from './backends.ts';

export interface GraphQLResponse<D = Record<string, unknown>> {
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSystem extends RunningSystem {
  database: Database;
  /** SQL statements each subgraph sent since the last `resetStatements()`. */
  statements: Record<SubgraphName, string[]>;
  resetStatements(): void;
  query<D = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<D>>;
}

/** The whole system on ephemeral ports over real HTTP, with every subgraph's SQL recorded. */
export async function startTestSystem(backend: Backend): Promise<TestSystem> {
  const database = await backend.open();
  const statements = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, [] as string[]])) as Record<
    SubgraphName,
    string[]
  >;
  const loggers = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, { logQuery: (query: string) => statements[n].push(query) }]),
  );
  const system = await startSystem({ database, port: 0, loggers });
  return {
    ...system,
    database,
    statements,
    resetStatements: () => {
      for (const n of SUBGRAPH_NAMES) statements[n].length = 0;
    },
    query: async (query, variables, headers = {}) => {
      const response = await fetch(system.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    stop: async () => {
      await system.stop();
      await database.close();
    },
  };
}
