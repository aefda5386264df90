import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the gate does with the requests it lets go: forward them, or answer an HTML error page. */
export type GateMode = 'forward' | 'fail';

export interface HeldSubgraph {
  url: string;
  /** The bodies of the requests that reached the gate, in order. */
  requests: string[];
  /** From now on, requests wait at the gate until `release`. */
  hold(): void;
  release(mode?: GateMode): void;
  close(): Promise<void>;
}

const bodyOf = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** An HTTP gate in front of a real subgraph that counts what reaches it and holds it on demand. */
export async function startHeldSubgraph(target: string): Promise<HeldSubgraph> {
  const requests: string[] = [];
  let gate: Promise<GateMode> | null = null;
  let open: (mode: GateMode) => void = () => {};
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    requests.push(body);
    const mode = gate ? await gate : 'forward';
    if (mode === 'fail') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of ['x-gateway-token', 'x-request-id']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(target, { method: 'POST', headers, body });
    response
      .writeHead(answer.status, { 'content-type': 'application/json' })
      .end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: (mode = 'forward') => {
      open(mode);
      gate = null;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
