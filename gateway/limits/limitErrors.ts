import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { formatError } from '../../kernel/formatError.ts';

/** Refusals of the gateway's limits: each message was written for the client. */
export const LIMIT_CODES = new Set([
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_REPEATED_FIELDS',
  'DIRECTIVE_REPEATED',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COMPLEX',
  'INTROSPECTION_DISABLED',
  'RATE_LIMITED',
  'SUBGRAPH_RESPONSE_TOO_LARGE',
]);

/** graphql-js's parser stops at `parseOptions.maxTokens` with this message. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** The code a limit gave an error, also when Apollo re-coded it GRAPHQL_VALIDATION_FAILED. */
function limitCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  if (TOKEN_LIMIT.test(formatted.message)) return 'TOO_MANY_TOKENS';
  const codes = [
    error instanceof GraphQLError ? error.originalError : undefined,
    error,
    formatted,
  ].map((e) => (e as { extensions?: { code?: unknown } } | undefined)?.extensions?.code);
  return codes.find((c): c is string => typeof c === 'string' && LIMIT_CODES.has(c));
}

/**
 * Apollo refuses some requests (a persisted query's hash that does not match) with a 4xx status
 * and no code: they are the client's mistake, so BAD_REQUEST with Apollo's message.
 */
function uncodedClientError(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return undefined;
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 0;
  return status >= 400 && status < 500 ? 'BAD_REQUEST' : undefined;
}

/** The gateway's error formatter: limits' codes pass with their details, the rest as before. */
export function gatewayFormatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const code = limitCode(formatted, error) ?? uncodedClientError(error);
  if (code === undefined) return formatError(formatted, error);
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  const tokens = TOKEN_LIMIT.exec(formatted.message)?.[1];
  const message = tokens ? `the document has more than ${tokens} tokens` : formatted.message;
  const { locations: _locations, ...rest } = formatted;
  return { ...(tokens ? rest : formatted), message, extensions: { ...extensions, code } };
}
