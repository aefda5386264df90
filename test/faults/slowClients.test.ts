// Clients that trickle their headers or body to hold connections open: the gateway and every
// subgraph close them with 408 once HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS pass.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { type FaultSystem, startFaultSystem } from '../support/faultSystem.ts';

const url = inject('testDatabaseUrl');

/** Sends `head` at once, then one more piece every 200 ms; what the server said before closing. */
function trickle(target: string, head: string, piece: string): Promise<string> {
  const { hostname, port } = new URL(target);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const drip = setInterval(() => socket.write(piece), 200);
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      resolve(received);
    });
    socket.write(head);
  });
}

describe.skipIf(!url)('slow clients', () => {
  let database: Database;
  let system: FaultSystem;
  beforeAll(async () => {
    database = openDatabase({ url: url as string, poolSize: 2 });
    system = await startFaultSystem({
      database,
      audit: database,
      server: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await system?.stop();
    await database?.close();
  });

  const servers = () => ({ gateway: system.gateway.url, ...system.subgraphUrls });

  it('closes a connection that trickles its headers, on the gateway and every subgraph', async () => {
    const said = await Promise.all(
      Object.entries(servers()).map(async ([name, target]) => {
        const answer = await trickle(
          target,
          'POST /graphql HTTP/1.1\r\nHost: x\r\n',
          'X-Slow: 1\r\n',
        );
        return [name, answer.split('\r\n')[0]];
      }),
    );
    for (const [name, status] of said)
      expect([name, status]).toEqual([name, 'HTTP/1.1 408 Request Timeout']);
  });

  it('closes a connection that trickles its body', async () => {
    const head =
      'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const said = await Promise.all(
      Object.entries(servers()).map(async ([name, target]) => {
        const answer = await trickle(target, head, ' ');
        return [name, answer.split('\r\n')[0]];
      }),
    );
    for (const [name, status] of said)
      expect([name, status]).toEqual([name, 'HTTP/1.1 408 Request Timeout']);
    // The servers are unharmed.
    const answer = await system.ask('{ __typename }');
    expect(answer.data).toEqual({ __typename: 'Query' });
  });
});
