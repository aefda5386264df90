import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { readJsonBody } from '../../kernel/http.ts';
import type { GatewayContext } from '../context.ts';
import type { PrefillDependencies } from '../forms/prefillRoute.ts';
import type { NonceStore } from './nonces.ts';

export type ShareDependencies = Omit<PrefillDependencies, 'forms'> & {
  /** Single-use nonces for presentations of bound credentials. */
  nonces: NonceStore;
};

/** A request refused before or by the graph: its HTTP status and GraphQL-shaped error. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extensions: { code: string } & Record<string, unknown>,
  ) {
    super(message);
  }
}

const STATUS: Record<string, number> = {
  FORBIDDEN: 403,
  CREDENTIAL_WRONG_AUDIENCE: 403,
  CREDENTIAL_UNKNOWN: 404,
  CREDENTIAL_REVOKED: 410,
  CREDENTIAL_EXPIRED: 410,
  OVERLOADED: 503,
};

/** A refused GraphQL result: its first error, with an HTTP status for its code. */
export function refusedBy(
  errors: readonly { message: string; extensions?: Record<string, unknown> }[],
) {
  const [first] = errors;
  const { http: _http, ...extensions } = first?.extensions ?? {};
  const code = String(extensions.code ?? 'INTERNAL_SERVER_ERROR');
  const status =
    STATUS[code] ??
    (code === 'INTERNAL_SERVER_ERROR' ? 502 : /UNAVAILABLE$|^SUBGRAPH_/.test(code) ? 503 : 400);
  return new Refused(status, first?.message ?? 'refused', { ...extensions, code });
}

export async function contextFor(deps: ShareDependencies, req: IncomingMessage, purpose?: string) {
  const headers = purpose ? { ...req.headers, 'x-purpose': purpose } : req.headers;
  try {
    return await deps.context({ headers });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const { http, ...extensions } = error.extensions as {
      http?: { status?: number };
      code: string;
    };
    throw new Refused(http?.status ?? 400, error.message, extensions);
  }
}

export async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    const body = await readJsonBody(req, 64_000);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as never;
  } catch (error) {
    throw new Refused(400, (error as Error).message, { code: 'BAD_REQUEST' });
  }
  throw new Refused(400, 'the body must be a JSON object', { code: 'BAD_REQUEST' });
}

export async function execute(
  deps: ShareDependencies,
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) {
  if (deps.limit && !(await deps.limit.acquire()))
    throw new Refused(503, 'overloaded; retry later', { code: 'OVERLOADED' });
  try {
    const response = await deps.apollo.executeOperation(
      { query, variables },
      { contextValue: context },
    );
    if (response.body.kind !== 'single')
      throw new Error('a share operation answered incrementally');
    return response.body.singleResult;
  } finally {
    deps.limit?.release();
  }
}

export const badInput = (message: string, extra: Record<string, unknown> = {}) =>
  new Refused(400, message, { code: 'BAD_USER_INPUT', ...extra });

export function credentialOf(body: Record<string, unknown>): string {
  const { credential } = body;
  if (typeof credential !== 'string' || credential === '')
    throw badInput('the body must be {"credential": "<SD-JWT>"}');
  return credential;
}
