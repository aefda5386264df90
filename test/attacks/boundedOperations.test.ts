// Operations built to exhaust the gateway or the subgraphs — the schema's cycles, alias and
// directive floods, list multiplication, token floods, huge bodies — are refused with a precise
// code before any subgraph is called, and nothing about a citizen leaves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCitizen } from '../../db/seed/generate.ts';
import { startGateway } from '../../gateway/app.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { DEFAULT_LIMITS } from '../../gateway/limits/limitsConfig.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import {
  type AttackedSystem,
  codes,
  leaks,
  OTHER,
  startAttackedSystem,
  VICTIM,
} from './support.ts';

/** citizen → vehicles → owner → vehicles → … `levels` times. */
const cycle = (levels: number) =>
  `query ($id: ID!) { citizen(personalId: $id) { ${'vehicles { owner { '.repeat(levels)}fullName${' } }'.repeat(levels)} } }`;

const HUNDRED = Array.from(
  { length: 100 },
  (_, i) => generateCitizen(i, TEST_POPULATION).citizen.personalId,
);

describe('bounded operations', () => {
  let attacked: AttackedSystem;
  beforeAll(async () => {
    attacked = await startAttackedSystem();
  });
  afterAll(() => attacked?.stop());
  beforeEach(() => attacked.subgraphCalls.reset());

  /** Refused with 400 and exactly this code, no subgraph called, no citizen data in the answer. */
  const expectRefused = async (
    answer: Promise<Awaited<ReturnType<AttackedSystem['post']>>>,
    code: string,
    status = 400,
  ) => {
    const refused = await answer;
    expect(codes(refused)).toEqual([code]);
    expect(refused.status).toBe(status);
    expect(refused.body.data).toBeUndefined();
    expect(leaks(refused, VICTIM, OTHER)).toBe(false);
    expect(attacked.subgraphCalls.calls).toBe(0);
    return refused;
  };

  it('serves a short walk round the cycle, calling the subgraphs (the counter sees them)', async () => {
    const answer = await attacked.post(cycle(2), { id: VICTIM });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(attacked.subgraphCalls.calls).toBeGreaterThan(0);
  });

  it('refuses the citizen → vehicles → owner cycle past the depth limit with QUERY_TOO_DEEP', async () => {
    const refused = await expectRefused(attacked.post(cycle(12), { id: VICTIM }), 'QUERY_TOO_DEEP');
    expect(refused.body.errors?.[0]?.message).toContain(`${DEFAULT_LIMITS.maxDepth}`);
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `query ($id: ID!) { citizen(personalId: $id) { ...V } }
      fragment V on Citizen { vehicles { owner { ... on Citizen { vehicles { owner { vehicles { owner { vehicles { plate } } } } } } } } }`;
    await expectRefused(attacked.post(query, { id: VICTIM }), 'QUERY_TOO_DEEP');
  });

  it('refuses an alias flood with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from(
      { length: 40 },
      (_, i) => `a${i}: citizen(personalId: $id) { personalId }`,
    );
    await expectRefused(
      attacked.post(`query ($id: ID!) { ${aliases.join(' ')} }`, { id: VICTIM }),
      'TOO_MANY_ALIASES',
    );
  });

  it('refuses 500 aliases of citizen as a token flood before parsing them all', async () => {
    const aliases = Array.from(
      { length: 500 },
      (_, i) => `a${i}: citizen(personalId: "${VICTIM}") { fullName }`,
    );
    await expectRefused(attacked.post(`{ ${aliases.join(' ')} }`), 'TOO_MANY_TOKENS');
  });

  it('refuses a token flood with TOO_MANY_TOKENS', async () => {
    await expectRefused(attacked.post(`{ ${'__typename '.repeat(5_000)}}`), 'TOO_MANY_TOKENS');
  });

  it('refuses a directive flood with TOO_MANY_DIRECTIVES', async () => {
    // Distinct fragments: one field or fragment again and again is refused as a repetition.
    const names = Array.from({ length: DEFAULT_LIMITS.maxDirectives + 5 }, (_, i) => `F${i}`);
    const spreads = names.map((f) => `...${f} @include(if: true)`).join(' ');
    const fragments = names.map((f) => `fragment ${f} on Citizen { personalId }`).join(' ');
    const query = `query ($id: ID!) { citizen(personalId: $id) { ${spreads} } } ${fragments}`;
    await expectRefused(attacked.post(query, { id: VICTIM }), 'TOO_MANY_DIRECTIVES');
  });

  it('refuses one fragment spread again and again with TOO_MANY_REPEATED_FIELDS', async () => {
    // graphql-armor counts a repeated spread's directives once: without this, directives pass.
    const spreads = '...F @include(if: true) '.repeat(DEFAULT_LIMITS.maxDirectives + 5);
    const query = `query ($id: ID!) { citizen(personalId: $id) { ${spreads} } } fragment F on Citizen { personalId }`;
    await expectRefused(attacked.post(query, { id: VICTIM }), 'TOO_MANY_REPEATED_FIELDS');
  });

  it('refuses a cost bomb through lists (100 citizens × wards × vehicles × …) within the depth limit', async () => {
    const query = `query ($ids: [ID!]!) { citizens(personalIds: $ids) { wards { citizen { vehicles { owner { vehicles { plate } } } } } } }`;
    const refused = await expectRefused(
      attacked.post(query, { ids: HUNDRED }),
      'QUERY_TOO_COMPLEX',
    );
    expect(refused.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('prices a list by the IDs actually passed: the same query text is served for 2 citizens, refused for 100', async () => {
    const query = `query ($ids: [ID!]!) { citizens(personalIds: $ids) { wards { citizen { vehicles { owner { vehicles { plate } } } } } } }`;
    const served = await attacked.post(query, { ids: HUNDRED.slice(0, 2) });
    expect(served.body.errors).toBeUndefined();
    expect(served.status).toBe(200);
    attacked.subgraphCalls.reset();
    await expectRefused(attacked.post(query, { ids: HUNDRED }), 'QUERY_TOO_COMPLEX');
  });

  it('refuses a body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const padding = `"${'0'.repeat(1_100_000)}"`;
    await expectRefused(
      attacked.post(`query ($id: ID!) { citizen(personalId: $id) { fullName } }`, { id: padding }),
      'PAYLOAD_TOO_LARGE',
      413,
    );
  });

  describe('a subgraph answering without end', () => {
    // The one stand-in in these suites: a broken or hostile agency's server, which streams an
    // answer of up to 50 MB; the other four subgraphs are the real ones.
    const FLOOD_BYTES = 50_000_000;
    let sent = 0;
    const flood = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"_entities":[{"__typename":"Citizen","tax":{"taxCode":"');
      const chunk = 'x'.repeat(65_536);
      const more = () => {
        while (sent < FLOOD_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"}}]}}');
      };
      more();
    });
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    beforeAll(async () => {
      await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
      const { keys } = attacked.system;
      gateway = await startGateway({
        subgraphUrls: {
          ...attacked.system.subgraphUrls,
          tax: `http://127.0.0.1:${(flood.address() as AddressInfo).port}/graphql`,
        },
        auth: { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret },
        limit: new InFlightLimit(8, 8),
        limits: { ...DEFAULT_LIMITS, maxSubgraphResponseBytes: 1_000_000 },
        production: false,
        port: 0,
        host: '127.0.0.1',
      });
    });
    afterAll(async () => {
      await gateway?.stop();
      flood.closeAllConnections();
      flood.close();
    });

    it('stops reading at the byte limit: partial data and SUBGRAPH_RESPONSE_TOO_LARGE naming the service', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...attacked.system.defaultHeaders },
        body: JSON.stringify({
          query: 'query ($id: ID!) { citizen(personalId: $id) { personalId tax { taxCode } } }',
          variables: { id: VICTIM },
        }),
      });
      const body = (await response.json()) as {
        data: { citizen: { personalId: string; tax: unknown } };
        errors: { path: unknown[]; extensions: Record<string, unknown> }[];
      };
      expect(response.status).toBe(200);
      expect(body.data.citizen).toEqual({ personalId: VICTIM, tax: null });
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['SUBGRAPH_RESPONSE_TOO_LARGE']);
      expect(body.errors[0]?.extensions.serviceName).toBe('tax');
      // The gateway dropped the connection: the subgraph did not get to send its 50 MB.
      await expect.poll(() => sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(FLOOD_BYTES / 2);
    });
  });
});
