import type { IncomingMessage, ServerResponse } from 'node:http';

/** A plain HTTP endpoint served next to GraphQL (JWKS, forms, metrics, pages). */
export interface Route {
  method: 'GET' | 'POST';
  /** An exact path, or a prefix when it ends with `/`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}
