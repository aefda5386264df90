import type { JWTPayload } from 'jose';
import type { Database } from '../../db/client.ts';
import { type RunningSystem, type SystemOptions, startSystem } from '../../deploy/local/system.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import {
  newSigningJwks,
  type SigningKeys,
  signingKeysFrom,
} from '../../gateway/signing/signingKeys.ts';
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
  statements.filter(
    (s) =>
      !s.includes('/* access-facts */') &&
      !s.startsWith('/* audit */') &&
      !s.startsWith('/* audit-head */'),
  );

/**
 * The audit appends among `statements`. A request's records go out in one append; suites share one
 * database, so another suite's system may move the same chain's head first, and the writer then
 * tries once more and at last takes the chain's lock (subgraphs/shared/access/auditChain.ts): up to
 * three appends for one batch, never one per citizen. Reading a chain's head is not counted.
 */
export const auditAppends = (statements: string[]) =>
  statements.filter((s) => s.startsWith('/* audit */'));
export const MAX_APPENDS_PER_BATCH = 3;

export interface TestSystem extends RunningSystem {
  database: Database;
  /** SQL statements each subgraph sent since the last `resetStatements()`. */
  statements: Record<SubgraphName, string[]>;
  resetStatements(): void;
  keys: DevKeys;
  /** The gateway's signing keys (fresh for each test system). */
  signing: SigningKeys;
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
  const signing = await signingKeysFrom(await newSigningJwks('test-signing-1'), 'test keys');
  const system = await startSystem({ database, auth, port: 0, loggers, signing, ...options });
  // Unless a test says who it is, it asks as an agency with a mandate over every scope.
  const defaultHeaders = {
    authorization: `Bearer ${await signDevToken(keys, { sub: 'test-agency', cg_kind: 'agency', scope: DATA_SCOPES.join(' ') })}`,
    'x-purpose': 'integration-test',
  };
  return {
    ...system,
    database,
    keys,
    signing,
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
