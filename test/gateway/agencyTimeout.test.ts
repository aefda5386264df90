// A subgraph that never answers is a timeout, whichever timer notices first: the fetch's deadline
// or the connection pool's own headers timeout (same length, a coarser clock; under load the pool's
// fired first and the answer named the subgraph unreachable).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyDataSource, subgraphAgent } from '../../gateway/agencyDataSource.ts';
import type { GatewayContext } from '../../gateway/context.ts';

let server: Server;
let url: string;
beforeAll(async () => {
  // Reads each request and never answers it.
  server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const query = '{ citizen(personalId: "001099012345") { taxOffice } }';
const ask = (source: AgencyDataSource) =>
  source.process({
    request: { query, variables: {} },
    context: {} as GatewayContext,
    document: parse(query),
  });

describe("a stalled subgraph's fetch", () => {
  it.each([
    ['the pool times the headers out before the deadline', 200, 30_000],
    ['the deadline fires first', 30_000, 200],
  ])('answers SUBGRAPH_TIMEOUT when %s', async (_, poolTimeoutMs, deadlineMs) => {
    const agent = subgraphAgent(poolTimeoutMs);
    const source = new AgencyDataSource('tax', url, agent, deadlineMs, 1_000_000);
    const answer = await ask(source);
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_TIMEOUT']);
    await agent.close();
  });
});
