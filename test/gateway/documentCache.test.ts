import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayContext } from '../../gateway/context.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { createGateway } from '../../gateway/server.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

// Every distinct operation text is parsed once and kept: a stream of distinct operations must not
// grow the gateway's memory past the bound (GATEWAY_DOCUMENT_CACHE_MIB).
describe("the gateway's parsed operations", () => {
  const gateway = createGateway({
    // Never called: `__typename` alone needs no subgraph.
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 'http://127.0.0.1:9/graphql'])),
    documentCacheMiB: 1,
    limits: DEFAULT_LIMITS,
    production: false,
  });
  beforeAll(() => gateway.apollo.start());
  afterAll(async () => {
    await gateway.apollo.stop();
    await gateway.close();
  });

  // ~1.6 KB of JSON each (padded with a long operation name): 2,000 of them are three times the bound.
  const operation = (n: number) =>
    `query Q${String(n).padStart(900, '0')} { __typename a${n}: __typename }`;

  it('are kept up to the bound', async () => {
    const contextValue = await gatewayContext(null)({ headers: {} });
    for (let n = 0; n < 2_000; n++) {
      const { body } = await gateway.apollo.executeOperation(
        { query: operation(n) },
        { contextValue },
      );
      expect(body.kind === 'single' && body.singleResult.errors).toBeFalsy();
    }
    // 1 MiB holds ~650 of them: the rest were dropped as later ones came.
    const kept = (await gateway.documentStore.keys()).length;
    expect(kept).toBeGreaterThan(400);
    expect(kept).toBeLessThan(700);
  });
});
