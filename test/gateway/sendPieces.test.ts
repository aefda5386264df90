import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPieces } from '../../kernel/http.ts';

// A signed prefill answer is written as its pieces (answer, JWS header, payload, signature): the
// client must get them as one body of the stated length, not chunked.
describe('sendPieces', () => {
  const pieces = [Buffer.from('{"answer":'), Buffer.alloc(300_000, 'a'), Buffer.from('"}')];
  const server = createServer((_req, res) => {
    sendPieces(res, 200, { 'content-type': 'application/json' }, pieces);
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the pieces in order as one body with its length, not chunked', async () => {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(body.equals(Buffer.concat(pieces))).toBe(true);
  });
});
