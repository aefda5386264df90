import { connect, createServer, type Socket } from 'node:net';

/**
 * How the proxy treats connections: forward them, accept and never answer, answer every request
 * with an HTML error page (as a misconfigured load balancer would), close every connection as its
 * request arrives, or close the next one only and forward the rest (a kept-alive socket the
 * subgraph closed just as the gateway reused it).
 */
export type ProxyMode = 'pass' | 'stall' | 'garbage' | 'hangup' | 'hangup-once';

const GARBAGE =
  'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\ncontent-length: 30\r\n\r\n<html>502 Bad Gateway</html>\r\n';

export interface TcpProxy {
  port: number;
  /** Changes the mode for new connections and cuts the current ones. */
  set(mode: ProxyMode): void;
  /** Cuts every connection and stops listening: the target looks dead (connection refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  /** Connections closed by the `hangup` modes so far. */
  readonly hangups: number;
}

/** A TCP proxy a test controls, in front of a subgraph or PostgreSQL. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  let hangups = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'stall') {
      client.resume();
    } else if (mode === 'garbage') {
      client.on('data', () => client.end(GARBAGE));
    } else if (mode === 'hangup' || mode === 'hangup-once') {
      if (mode === 'hangup-once') mode = 'pass';
      client.once('data', () => {
        hangups++;
        client.destroy();
      });
    } else {
      const upstream = connect(target.port, target.host);
      track(upstream);
      client.pipe(upstream).pipe(client);
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    }
  });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const down = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      cut();
    });
  return {
    port,
    set: (next) => {
      mode = next;
      cut();
    },
    down,
    up: () => listen(port),
    close: () => (server.listening ? down() : Promise.resolve()),
    get hangups() {
      return hangups;
    },
  };
}
