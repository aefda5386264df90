import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { log, safeError } from './observability/log.ts';

/** Codes whose messages were written for clients; anything else is masked. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_COMPLEX',
  'STATISTICS_NOT_PUBLISHED',
  'PRIVACY_BUDGET_EXHAUSTED',
  'TRUSTED_DOCUMENT_REQUIRED',
  'OVERLOADED',
  'AUDIT_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'DATABASE_BUSY',
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_BAD_RESPONSE',
  // Forms (gateway/forms/): the prefillForm field answers the REST route's codes.
  'FORM_NOT_FOUND',
  'SUBJECT_NOT_FOUND',
  // Share credentials (gateway/shares/).
  'UNKNOWN_SHARE_FIELD',
  'UNKNOWN_AUDIENCE',
  'CREDENTIAL_UNKNOWN',
  'CREDENTIAL_WRONG_AUDIENCE',
  'CREDENTIAL_REVOKED',
  'CREDENTIAL_EXPIRED',
]);

/**
 * postgres.js and PostgreSQL codes for a database that is down, restarting, refusing connections
 * or too slow: the request may succeed once it is back, unlike a bug.
 */
const DATABASE_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
]);

/** The database error's code under a resolver's (and drizzle's) wrapping, if that is what failed. */
function databaseCode(error: unknown): 'DATABASE_UNAVAILABLE' | 'DATABASE_BUSY' | undefined {
  for (let e = unwrapResolverError(error), depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'DATABASE_BUSY') return code;
    if (typeof code === 'string' && DATABASE_DOWN.has(code)) return 'DATABASE_UNAVAILABLE';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Never lets an unexpected error's message or stack reach a client: it is logged with an id,
 * and the client gets that id to quote. A subgraph's errors reach the gateway already formatted
 * this way; they keep their code, the service's name and the subgraph's error id.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  const code = extensions.code;
  const path = formatted.path ? { path: formatted.path } : {};
  if (typeof code === 'string' && CLIENT_CODES.has(code)) return { ...formatted, extensions };
  const serviceName = extensions.serviceName;
  if (typeof serviceName === 'string') {
    return {
      message: `internal error in the ${serviceName} service`,
      ...path,
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        serviceName,
        errorId: extensions.errorId ?? null,
      },
    };
  }
  const errorId = randomUUID();
  log.error({ errorId, err: safeError(unwrapResolverError(error)) }, 'unexpected error');
  const database = databaseCode(error);
  if (database) {
    return {
      message:
        database === 'DATABASE_BUSY'
          ? 'Every database connection is busy; retry later.'
          : 'The database is unavailable; retry later.',
      ...path,
      extensions: { code: database, errorId },
    };
  }
  return {
    message: 'internal error',
    ...path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}
