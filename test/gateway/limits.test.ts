// The gateway's limits as configuration and arithmetic: environment variables checked at
// start-up, every list of the graph priced, and costs that grow with list sizes.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  parse,
} from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BULK_SUBJECTS } from '../../gateway/forms/bulkPrefill.ts';
import { operationCost } from '../../gateway/limits/costLimitPlugin.ts';
import { DEFAULT_LIMITS, limitsConfig } from '../../gateway/limits/limitsConfig.ts';
import { FLAT_RECORDS, LIST_SIZES } from '../../gateway/limits/listSizes.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

const schema = buildSchema(readFileSync(SUPERGRAPH_URL, 'utf8'), { assumeValidSDL: true });

describe('limits configuration', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('takes the defaults when nothing is set, and each variable when it is', () => {
    expect(limitsConfig()).toEqual(DEFAULT_LIMITS);
    vi.stubEnv('GATEWAY_MAX_DEPTH', '9');
    vi.stubEnv('GATEWAY_RATE_LIMIT_SUBJECT', '0');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:6379');
    expect(limitsConfig()).toMatchObject({
      maxDepth: 9,
      subjectPerMinute: 0,
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it.each([
    ['GATEWAY_MAX_DEPTH', '0'],
    ['GATEWAY_MAX_DEPTH', 'deep'],
    ['GATEWAY_MAX_ALIASES', '-1'],
    ['GATEWAY_MAX_TOKENS', '1.5'],
    ['GATEWAY_MAX_COST', '1e6'],
    ['GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES', '4MB'],
    ['GATEWAY_RATE_LIMIT_CLIENT', 'many'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
  ])('stops at start-up on %s=%s, naming it', (name, value) => {
    vi.stubEnv(name, value);
    expect(() => limitsConfig()).toThrow(name);
  });
});

describe('list sizes', () => {
  it('price every list field of the graph (a new one adds its line to listSizes.ts)', () => {
    const lists = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !/^(__|join__|link__)/.test(t.name))
      .flatMap((t) =>
        Object.values(isObjectType(t) ? t.getFields() : {})
          .filter((f) => isListType(getNullableType(f.type)))
          .map((f) => `${t.name}.${f.name}`),
      );
    expect(lists.length).toBeGreaterThan(5);
    expect(lists.filter((coordinate) => !(coordinate in LIST_SIZES))).toEqual([]);
  });

  it('name only fields that exist, with arguments that exist', () => {
    for (const [coordinate, size] of Object.entries(LIST_SIZES)) {
      const [type, field] = coordinate.split('.') as [string, string];
      const definition = (
        schema.getType(type) as { getFields?: () => Record<string, { args: { name: string }[] }> }
      )?.getFields?.()[field];
      expect(definition, coordinate).toBeDefined();
      if (typeof size !== 'number')
        expect(definition?.args.map((a) => a.name)).toContain(size.argument);
    }
  });
});

describe('flat records', () => {
  it('hold scalars and other flat records only, so one costs the same whatever is selected', () => {
    for (const name of FLAT_RECORDS) {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type of the supergraph`);
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${name}.${field.name}`;
        expect(isListType(getNullableType(field.type)), coordinate).toBe(false);
        const named = getNamedType(field.type);
        expect(isLeafType(named) || FLAT_RECORDS.has(named.name), coordinate).toBe(true);
      }
    }
  });
});

describe('operation cost', () => {
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    operationCost(schema, parse(query), variables);
  const size = (coordinate: string) => LIST_SIZES[coordinate] as number;

  it('is one per field for a single citizen', () => {
    expect(cost('{ citizen(personalId: "x") { fullName dateOfBirth } }')).toBe(3);
  });

  it('multiplies by the IDs passed, literally or in a variable', () => {
    const vehicles = size('Citizen.vehicles') * 2;
    expect(cost('{ citizens(personalIds: ["a", "b", "c"]) { vehicles { plate } } }')).toBe(
      3 * (1 + vehicles),
    );
    expect(
      cost('query ($ids: [ID!]!) { citizens(personalIds: $ids) { vehicles { plate } } }', {
        ids: ['a'],
      }),
    ).toBe(1 + vehicles);
  });

  it('follows an argument for its size, with its default and its cap', () => {
    expect(cost('{ accessLog(limit: 5) { at } }')).toBe(5 * 2);
    expect(cost('{ accessLog { at } }')).toBe(50 * 2);
    expect(cost('{ accessLog(limit: 100000) { at } }')).toBe(500 * 2);
  });

  it('grows geometrically round a cycle, so the depth limit is not the only stop', () => {
    const round = (n: number) =>
      `{ citizen(personalId: "x") { ${'vehicles { owner { '.repeat(n)}personalId${' } }'.repeat(n)} } }`;
    expect(cost(round(3)) / cost(round(2))).toBeGreaterThan(size('Citizen.vehicles'));
  });

  it('lets the whole bulk prefill answer for 500 subjects through the default limit', () => {
    const everything = `query ($code: String!, $ids: [ID!]!) { prefillFormBulk(code: $code, personalIds: $ids) {
      form { code title purpose legalBasis } requestedBy { kind id actingFor } requestId issuedAt
      subjects { subject fields { name value filled source { agency updatedAt } reason scope } error { code message } }
      jws } }`;
    const ids = Array.from({ length: MAX_BULK_SUBJECTS }, () => '001085000001');
    const fields = size('PrefilledSubject.fields');
    // Each subject: itself, its ID, each field one record, its error one record.
    const perSubject = 1 + 1 + fields + 1;
    const header = 1 + 1 + 1 + 1 + 1 + 1;
    expect(cost(everything, { code: 'x', ids })).toBe(header + MAX_BULK_SUBJECTS * perSubject);
    expect(cost(everything, { code: 'x', ids })).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
  });
});
