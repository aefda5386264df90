// A planned fetch reaches our data source with its parsed document, the same object for every
// request of a cached plan: the data source classifies fetches for in-flight sharing by document
// (a WeakMap), which holds only if it is not handed text to parse anew each time.
import type { DocumentNode } from 'graphql';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AgencyDataSource } from '../../gateway/agencyDataSource.ts';
import { gatewayContext } from '../../gateway/context.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { createGateway } from '../../gateway/server.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

describe('subgraph fetches of a cached plan', () => {
  const fetches = vi.spyOn(AgencyDataSource.prototype, 'process');
  afterAll(() => fetches.mockRestore());

  it('carry the plan’s own parsed document, one object across requests', async () => {
    const { apollo, close } = createGateway({
      // Nothing listens there: each fetch fails, after reaching the data source.
      subgraphUrls: Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [n, 'http://127.0.0.1:9/graphql']),
      ),
      limits: DEFAULT_LIMITS,
      production: false,
    });
    await apollo.start();
    const query = '{ citizen(personalId: "001099000001") { fullName } }';
    for (let k = 0; k < 2; k++) {
      const contextValue = await gatewayContext(null)({ headers: {} });
      await apollo.executeOperation({ query }, { contextValue });
    }
    await apollo.stop();
    await close();
    const documents = fetches.mock.calls.map(
      ([options]) => (options as { document?: DocumentNode }).document,
    );
    expect(documents).toHaveLength(2);
    expect(documents[0]).toBeDefined();
    expect(documents[1]).toBe(documents[0]);
  });
});
