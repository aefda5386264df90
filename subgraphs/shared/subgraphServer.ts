import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { Db } from '../../db/client.ts';
import { type SubgraphName, subgraphSdl } from '../../schema/subgraphs.ts';
import { type AccessContext, createAccessContext } from './access/accessContext.ts';
import {
  INTERNAL_TOKEN_HEADER,
  type SigningKey,
  verifyInternalToken,
} from './access/internalToken.ts';
import { accessShield } from './access/rules.ts';
import { codedError } from './errors.ts';
import { formatError } from './formatError.ts';

export interface SubgraphContext<L> {
  loaders: L;
  requestId: string;
  access: AccessContext;
  db: Db;
}

/** What makes one subgraph different from another; everything else is shared. */
export interface SubgraphDefinition<L> {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<SubgraphContext<L>>;
  /** Called once per request: loaders batch and cache within that request only. */
  createLoaders: (db: Db) => L;
}

export interface SubgraphOptions {
  /** The gateway's public key: every request must carry a token it signed. */
  gatewayKey: SigningKey;
}

export interface BuiltSubgraph<L> {
  apollo: ApolloServer<SubgraphContext<L>>;
  context: (request: Pick<IncomingMessage, 'headers'>) => Promise<SubgraphContext<L>>;
}

/** Audit records are written before the answer leaves; if they cannot be, the data is withheld. */
const auditBeforeAnswer: ApolloServerPlugin<SubgraphContext<unknown>> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        try {
          await contextValue.access?.flushAudit();
        } catch (error) {
          console.error(`audit write failed for request ${contextValue.requestId}`, error);
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

export function buildSubgraph<L>(
  definition: SubgraphDefinition<L>,
  db: Db,
  options: SubgraphOptions,
): BuiltSubgraph<L> {
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: parse(subgraphSdl(definition.name)),
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const schema = applyMiddleware(subgraphSchema, accessShield(subgraphSchema));
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      auditBeforeAnswer as ApolloServerPlugin<SubgraphContext<L>>,
    ],
  });
  const context = async (
    request: Pick<IncomingMessage, 'headers'>,
  ): Promise<SubgraphContext<L>> => {
    const header = request.headers[INTERNAL_TOKEN_HEADER];
    const identity = await verifyInternalToken(
      options.gatewayKey,
      typeof header === 'string' ? header : undefined,
    );
    return {
      loaders: definition.createLoaders(db),
      requestId: identity.requestId,
      access: createAccessContext(db, definition.name, identity),
      db,
    };
  };
  return { apollo, context };
}
