import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { InFlightLimit } from './inFlightLimit.ts';
import { log, safeError } from './observability/log.ts';
import { graphqlErrors } from './observability/metrics.ts';
import type { Route } from './route.ts';
import { DEFAULT_SERVER_CONFIG } from './serverConfig.ts';

export type { Route } from './route.ts';

export interface HttpOptions<C extends BaseContext> {
  context: (request: IncomingMessage) => Promise<C>;
  path?: string;
  /** Endpoints other than GraphQL's, matched before it. */
  routes?: readonly Route[];
  /** Larger bodies are refused with 413 before they are parsed. */
  maxBodyBytes?: number;
  /** A larger GraphQL answer is not sent: RESPONSE_TOO_LARGE instead (unset: unbounded). */
  maxResponseBytes?: number | undefined;
  /** Requests executing at once, and waiting beyond that; the rest are refused with 503. */
  limit?: InFlightLimit | undefined;
  /** A request refused for its shape (method, media type, batch) before GraphQL sees it. */
  refuse?: (req: IncomingMessage, body: unknown) => Refusal | undefined;
  /** The service label of the refusals counted in `cg_graphql_errors_total`. */
  service?: string;
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export interface Listening {
  url: string;
  server: Server;
  /** Stops accepting; requests in flight get `graceMs` (default 0) to finish. */
  close(graceMs?: number): Promise<void>;
}

/**
 * A minimal node:http integration for Apollo Server: no framework in the hot path, bounded
 * bodies, keep-alive longer than the load balancer's, and `/healthz` for probes.
 */
export function graphqlRequestListener<C extends BaseContext>(
  apollo: ApolloServer<C>,
  {
    context,
    path = '/graphql',
    maxBodyBytes = 1_000_000,
    limit,
    routes = [],
    refuse,
    maxResponseBytes = Number.POSITIVE_INFINITY,
    service = 'graphql',
  }: HttpOptions<C>,
) {
  // Refusals answered here never reach Apollo's plugins, so they are counted here.
  const refuseWith = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    message: string,
    extensions: { code: string } & Record<string, unknown>,
  ) => {
    graphqlErrors.inc({ service, code: extensions.code });
    sendError(res, status, headers, message, extensions);
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return send(res, 200, { 'content-type': 'text/plain' }, 'ok');
    const route = routes.find(
      (r) =>
        r.method === req.method &&
        (r.path.endsWith('/') ? url.pathname.startsWith(r.path) : url.pathname === r.path),
    );
    if (route) return route.handle(req, res, url);
    if (url.pathname !== path) return send(res, 404, { 'content-type': 'text/plain' }, 'not found');
    let body: unknown;
    try {
      body = await readJsonBody(req, maxBodyBytes);
    } catch (error) {
      const status = error instanceof BodyTooLarge ? 413 : 400;
      // The rest of a refused body is never read: close the connection rather than reuse it.
      return refuseWith(res, status, { connection: 'close' }, (error as Error).message, {
        code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      });
    }
    const refusal = refuse?.(req, body);
    if (refusal) {
      const { status, headers = {}, message, code } = refusal;
      return refuseWith(res, status, headers, message, { code });
    }
    if (limit && !(await limit.acquire())) {
      return refuseWith(
        res,
        503,
        { 'retry-after': '1' },
        `overloaded: ${limit.max} requests running and ${limit.maxQueued} waiting; retry later`,
        { code: 'OVERLOADED' },
      );
    }
    try {
      const tooLarge = await execute(apollo, req, res, url, body, context, maxResponseBytes);
      if (tooLarge) graphqlErrors.inc({ service, code: 'RESPONSE_TOO_LARGE' });
    } finally {
      limit?.release();
    }
  };
}

async function execute<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: unknown,
  context: (request: IncomingMessage) => Promise<C>,
  maxResponseBytes: number,
): Promise<boolean> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => context(req),
  });
  if (response.body.kind === 'complete') {
    // Encoded once: given the string, node measures its UTF-8 length for content-length and
    // again while writing it (~2 % of the gateway's instructions on an 87 KB answer).
    const encoded = Buffer.from(response.body.string);
    if (encoded.length > maxResponseBytes) {
      refuseTooLarge(res, maxResponseBytes);
      return true;
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    res.end(encoded);
    return false;
  }
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  let sent = 0;
  for await (const chunk of response.body.asyncIterator) {
    sent += Buffer.byteLength(chunk);
    // The status is gone already: cutting the connection is the one refusal left.
    if (sent > maxResponseBytes) {
      log.warn({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes }, 'answer cut');
      res.destroy();
      return true;
    }
    res.write(chunk);
  }
  res.end();
  return false;
}

/**
 * An answer over the limit is dropped, not sent. Its size is known only once Apollo has written
 * it; what the gateway holds until then is bounded by the subgraph answers' limit and the cost.
 */
function refuseTooLarge(res: ServerResponse, maxResponseBytes: number): void {
  log.warn({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes }, 'answer refused');
  sendError(
    res,
    400,
    {},
    `the answer is larger than ${maxResponseBytes} bytes; ask for fewer fields or citizens`,
    { code: 'RESPONSE_TOO_LARGE', maxResponseBytes },
  );
}

export class BodyTooLarge extends Error {}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('request body is not valid JSON');
  }
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  res.writeHead(status, headers).end(body);
}

/**
 * A body written as the pieces it is made of, in one write to the socket: joining a large answer's
 * pieces into one buffer first costs a fresh allocation (its pages faulted in) and a copy.
 */
export function sendPieces(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  pieces: readonly Buffer[],
): void {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  res.writeHead(status, { ...headers, 'content-length': String(length) });
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
}

/** A GraphQL-shaped error answered before (or instead of) GraphQL execution. */
export function sendError(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  message: string,
  extensions: { code: string } & Record<string, unknown>,
): void {
  send(
    res,
    status,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify({ errors: [{ message, extensions }] }),
  );
}

export interface ListenOptions {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export async function listen(
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port: number,
  host = '127.0.0.1',
  {
    headersTimeoutMs = DEFAULT_SERVER_CONFIG.headersTimeoutMs,
    requestTimeoutMs = DEFAULT_SERVER_CONFIG.requestTimeoutMs,
  }: ListenOptions = {},
): Promise<Listening> {
  // Node checks the header and request timeouts every connectionsCheckingInterval (30 s by
  // default), so a connection that trickles its headers would outlive its timeout by that much.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    listener(req, res).catch((error: unknown) => {
      const id = randomUUID();
      log.error({ errorId: id, err: safeError(error) }, 'request failed');
      if (!res.headersSent)
        sendError(res, 500, {}, 'internal error', { code: 'INTERNAL_SERVER_ERROR', errorId: id });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/graphql`,
    server,
    close: (graceMs = 0) => closeGracefully(server, graceMs),
  };
}

/**
 * Stops accepting, lets requests in flight finish (closing each keep-alive connection once it is
 * idle), and cuts what is still open after `graceMs`.
 */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearInterval(idle);
      clearTimeout(cut);
      if (error) reject(error);
      else resolve();
    });
    if (graceMs === 0) server.closeAllConnections();
  });
}
