import type { IncomingMessage } from 'node:http';
import type { Refusal } from '../../kernel/http.ts';

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/**
 * GraphQL is served as one JSON operation per POST. A GET would carry personal IDs into URLs
 * (and so into proxies' logs) and can be sent cross-site; a form or text body is what a browser
 * sends cross-site without a preflight; a batch would run many operations under one request's
 * limits.
 */
export function refuseRequestShape(req: IncomingMessage, body: unknown): Refusal | undefined {
  if (req.method !== 'POST') {
    return {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: 'GraphQL operations, queries and mutations alike, are sent with POST',
      headers: { allow: 'POST' },
    };
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_TYPES.has(mediaType)) {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `the body must be application/json, not "${mediaType.slice(0, 60) || 'none'}"`,
    };
  }
  if (Array.isArray(body)) {
    return {
      status: 400,
      code: 'BATCHING_NOT_SUPPORTED',
      message: 'send one operation per request, not an array of them',
    };
  }
  return undefined;
}
