import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Logger, sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { Database, Db } from '../../db/client.ts';
import type { RequestIdentity } from '../../kernel/access/caller.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenVerifier,
  REQUEST_ID_HEADER,
  requestIdFrom,
} from '../../kernel/access/internalToken.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { codedError } from '../../kernel/errors.ts';
import { formatError } from '../../kernel/formatError.ts';
import { type ReadinessCheck, within } from '../../kernel/health.ts';
import { log, safeError } from '../../kernel/observability/log.ts';
import { observationPlugin } from '../../kernel/observability/observationPlugin.ts';
import { type SubgraphName, subgraphSdl } from '../../schema/subgraphs.ts';
import { type AccessContext, createAccessContext } from './access/accessContext.ts';
import { anticipation } from './access/anticipate.ts';
import { auditWriter } from './access/auditWriter.ts';
import { accessShield, shieldCache } from './access/rules.ts';
import type { ResolverMap, SubgraphResolvers } from './resolverMap.ts';

type AnyTables = Record<string, unknown>;

export interface SubgraphContext<L, T extends AnyTables> {
  loaders: L;
  requestId: string;
  access: AccessContext;
  /** graphql-shield's cache of this request's decisions (rules.ts). */
  _shield: ReturnType<typeof shieldCache>;
  /** The subgraph's own drizzle database: its agency's tables only. */
  db: Db<T>;
}

/** What makes one subgraph different from another; everything else is shared. */
export interface SubgraphDefinition<L, S = unknown, T extends AnyTables = AnyTables> {
  name: SubgraphName;
  /** Its agency's tables (db/schema/agencies.ts): the only ones its drizzle database knows. */
  tables: T;
  resolvers: SubgraphResolvers;
  /** Called once at start-up: the subgraph's prepared statements. */
  prepare(db: Db<T>): S;
  /** Called once per request: loaders batch and cache within that request only. */
  createLoaders(statements: S): L;
}

export interface SubgraphOptions {
  /**
   * This subgraph's key for the gateway's tokens: every request must carry one the gateway signed
   * for it. `null` turns access control off, for benchmarks that compare gateways on equal terms
   * only (see accessControlOff).
   */
  tokenKey: Buffer | null;
  /** Sees every statement the subgraph sends (tests count them). */
  logger?: Logger;
}

/** The caller assumed when access control is off: an agency with every scope. */
const benchmarkIdentity = (): RequestIdentity => ({
  caller: { kind: 'agency', clientId: 'benchmark', scopes: [...DATA_SCOPES] },
  purpose: 'benchmark',
  requestId: randomUUID(),
});

export interface BuiltSubgraph<L, T extends AnyTables> {
  apollo: ApolloServer<SubgraphContext<L, T>>;
  context: (request: Pick<IncomingMessage, 'headers'>) => Promise<SubgraphContext<L, T>>;
  /** Ready when its database answers. */
  ready: ReadinessCheck;
}

/** Audit records are written before the answer leaves; if they cannot be, the data is withheld. */
const auditBeforeAnswer: ApolloServerPlugin<SubgraphContext<unknown, AnyTables>> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        try {
          await contextValue.access?.flushAudit();
        } catch (error) {
          log.error(
            { requestId: contextValue.requestId, err: safeError(error) },
            'audit write failed: data withheld',
          );
          const unavailable = codedError(
            'AUDIT_UNAVAILABLE',
            'The access could not be audited, so no data is served.',
          );
          response.body = { kind: 'single', singleResult: { data: null, errors: [unavailable] } };
        }
      },
    };
  },
};

export function buildSubgraph<L, S, T extends AnyTables>(
  definition: SubgraphDefinition<L, S, T>,
  database: Database,
  options: SubgraphOptions,
): BuiltSubgraph<L, T> {
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(definition.name)),
    // Apollo types resolvers without their context; the server gives each the context built below.
    resolvers: definition.resolvers as ResolverMap<unknown>,
  });
  const { tokenKey, logger } = options;
  const db = database.drizzleOf(definition.tables, logger);
  const statements = definition.prepare(db);
  // Access control reads accounts, family links and consents, and writes the audit log, for every
  // subgraph alike (subgraphs/shared/access/): it has a database of its own.
  const accessDb = database.drizzle(logger);
  const writeAudit = auditWriter(accessDb);
  const schema = tokenKey
    ? applyMiddleware(subgraphSchema, anticipation(subgraphSchema), accessShield(subgraphSchema))
    : subgraphSchema;
  const apollo = new ApolloServer<SubgraphContext<L, T>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // Citizen data is never cacheable, and the default cache-control plugin would wrap every
      // field's resolver (willResolveField) — a cost on each field of each entity.
      ApolloServerPluginCacheControlDisabled(),
      auditBeforeAnswer as ApolloServerPlugin<SubgraphContext<L, T>>,
      observationPlugin(definition.name),
    ],
  });
  const verifyToken = tokenKey && internalTokenVerifier(tokenKey, definition.name);
  const context = async (
    request: Pick<IncomingMessage, 'headers'>,
  ): Promise<SubgraphContext<L, T>> => {
    const header = request.headers[INTERNAL_TOKEN_HEADER];
    const identity = verifyToken
      ? {
          ...verifyToken(typeof header === 'string' ? header : undefined),
          requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]),
        }
      : benchmarkIdentity();
    return {
      loaders: definition.createLoaders(statements),
      requestId: identity.requestId,
      access: createAccessContext(accessDb, writeAudit, definition.name, identity),
      _shield: shieldCache(),
      db,
    };
  };
  return { apollo, context, ready: () => within('database', db.execute(sql`select 1`)) };
}
