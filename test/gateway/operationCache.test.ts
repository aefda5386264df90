import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayContext } from '../../gateway/context.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { createGateway } from '../../gateway/server.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

// Every distinct operation text is parsed and planned once and both are kept: a stream of distinct
// operations must not grow the gateway's memory past the bound (GATEWAY_OPERATION_CACHE_MIB).
describe("the gateway's parsed operations and plans", () => {
  const gateway = createGateway({
    // Nothing listens there: each fetch fails at once, after its operation was planned.
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, 'http://127.0.0.1:9/graphql'])),
    operationCacheMiB: 1,
    limits: DEFAULT_LIMITS,
    production: false,
  });
  beforeAll(() => gateway.apollo.start());
  afterAll(async () => {
    await gateway.apollo.stop();
    await gateway.close();
  });

  // A long operation name (it names the subgraph operations too) makes each entry a few KB.
  const operation = (n: number) =>
    `query Q${String(n).padStart(900, '0')} { citizen(personalId: "001099000001") { fullName } }`;

  it('are kept up to the bound', async () => {
    const contextValue = await gatewayContext(null)({ headers: {} });
    for (let n = 0; n < 2_000; n++) {
      const { body } = await gateway.apollo.executeOperation(
        { query: operation(n) },
        { contextValue },
      );
      const codes =
        body.kind === 'single' ? body.singleResult.errors?.map((e) => e.extensions?.code) : [];
      expect(codes).toEqual(['SUBGRAPH_UNAVAILABLE']);
    }
    const documents = gateway.documentStore.keys().length;
    const plans = gateway.queryPlanStore.keys().length;
    expect(documents).toBeGreaterThan(50);
    expect(documents).toBeLessThan(1_000);
    expect(plans).toBeGreaterThan(50);
    expect(plans).toBeLessThan(1_000);
  });
});
