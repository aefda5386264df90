import { GraphQLError } from 'graphql';

/** The only way errors reach a client: a message and a code in `extensions`. */
export function codedError(
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  codedError('BAD_USER_INPUT', message, extensions);

/** A refused identity: HTTP 401 with the GraphQL error, and why when that helps the caller. */
export const unauthenticated = (message: string, reason?: string) =>
  codedError('UNAUTHENTICATED', message, { ...(reason ? { reason } : {}), http: { status: 401 } });
