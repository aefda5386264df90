import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { createGateway } from '../../gateway/server.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

// Closed government networks: the gateway must open no connection of its own accord. Plain
// @apollo/gateway (2.10+) probes the cloud metadata endpoints of AWS, GCP, Azure and Alibaba at
// construction and exports usage metrics to Apollo's servers every minute unless told not to.
describe('the gateway on a closed network', () => {
  const opened: string[] = [];
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    socket.once('connect', () => opened.push(`${socket.remoteAddress}:${socket.remotePort}`));
    socket.once('lookup', (_error, address) => opened.push(`lookup ${address}`));
  };
  subscribe('net.client.socket', onSocket);
  afterAll(() => unsubscribe('net.client.socket', onSocket));

  it('opens no outbound connection when it is built and started', async () => {
    const { apollo, close } = createGateway({
      // Never called: no operation is sent.
      subgraphUrls: Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [n, 'http://127.0.0.1:9/graphql']),
      ),
      limits: DEFAULT_LIMITS,
      production: true,
    });
    await apollo.start();
    // The cloud detectors fire at construction; give their requests time to be made.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await apollo.stop();
    await close();
    expect(opened).toEqual([]);
  });
});
