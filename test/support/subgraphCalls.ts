import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * Counts the HTTP requests this process sends to the given subgraph URLs, through undici's
 * diagnostics channel (the gateway's data source and fetch both publish to it).
 */
export function countSubgraphCalls(subgraphUrls: Record<string, string>) {
  const origins = new Set(Object.values(subgraphUrls).map((u) => new URL(u).origin));
  let calls = 0;
  const listener = (message: unknown) => {
    const origin = (message as { request: { origin: string | URL } }).request.origin;
    if (origins.has(new URL(String(origin)).origin)) calls++;
  };
  subscribe('undici:request:create', listener);
  return {
    get calls() {
      return calls;
    },
    reset: () => {
      calls = 0;
    },
    stop: () => unsubscribe('undici:request:create', listener),
  };
}
