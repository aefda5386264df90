import type { JWTPayload } from 'jose';
import type { Database } from '../../db/client.ts';
import { type RunningSystem, type SystemOptions, startSystem } from '../../deploy/local/system.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { type DevKeys, generateDevKeys, signDevToken } from '../../kernel/devKeys.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../schema/subgraphs.ts';
import type { Backend } from './backends.ts';

export interface GraphQLResponse<D = Record<string, unknown>> {
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Statements that serve data, leaving out access facts and audit writes. */
export const dataStatements = (statements: string[]) =>
  statements.filter((s) => !s.includes('/* access-facts */') && !s.startsWith('/* audit */'));

export interface TestSystem extends RunningSystem {
  database: Database;
  /** SQL statements each subgraph sent since the last `resetStatements()`. */
  statements: Record<SubgraphName, string[]>;
  resetStatements(): void;
  keys: DevKeys;
  /** An all-scopes agency's token and purpose: what \`query\` sends unless told otherwise. */
  defaultHeaders: Record<string, string>;
  /** A caller token from the test issuer, e.g. \`token({ sub, cg_kind: 'citizen', eid_level: 2 })\`. */
  token(claims: JWTPayload, expiresIn?: string): Promise<string>;
  query<D = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<D>>;
}

/** The whole system on ephemeral ports over real HTTP, with every subgraph's SQL recorded. */
export async function startTestSystem(
  backend: Backend,
  options: Pick<
    SystemOptions,
    'limit' | 'limits' | 'production' | 'subgraphTimeoutMs' | 'server'
  > = {},
): Promise<TestSystem> {
  const database = await backend.open();
  const statements = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, [] as string[]])) as Record<
    SubgraphName,
    string[]
  >;
  const loggers = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, { logQuery: (query: string) => statements[n].push(query) }]),
  );
  const keys = await generateDevKeys();
  const auth = { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret };
  const system = await startSystem({ database, auth, port: 0, loggers, ...options });
  // Unless a test says who it is, it asks as an agency with a mandate over every scope.
  const defaultHeaders = {
    authorization: `Bearer ${await signDevToken(keys, { sub: 'test-agency', cg_kind: 'agency', scope: DATA_SCOPES.join(' ') })}`,
    'x-purpose': 'integration-test',
  };
  return {
    ...system,
    database,
    keys,
    defaultHeaders,
    token: (claims, expiresIn) => signDevToken(keys, claims, expiresIn),
    statements,
    resetStatements: () => {
      for (const n of SUBGRAPH_NAMES) statements[n].length = 0;
    },
    query: async (query, variables, headers = defaultHeaders) => {
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
