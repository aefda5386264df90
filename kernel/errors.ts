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

/** A refused identity: HTTP 401 with the GraphQL error. */
export const unauthenticated = (message: string) =>
  codedError('UNAUTHENTICATED', message, { http: { status: 401 } });
