// Whatever the shortcut shapes (gateway/execution/operationShape.ts), @apollo/gateway's
// computeResponse shapes the same, byte for byte and without an error; what it would answer with
// an error (a value a leaf's type refuses, a null where the schema forbids one, a __typename of
// another type) it leaves to computeResponse. Every kind of leaf, against values of every kind.
import { Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import fc from 'fast-check';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { NOT_SHAPED, operationShape, shapeData } from '../../gateway/execution/operationShape.ts';
import { compose } from '../../schema/compose.ts';

const SUBGRAPH = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
scalar Date
enum Colour { RED GREEN }
type Thing @key(fields: "id") {
  id: ID!
  int: Int
  float: Float
  boolean: Boolean
  string: String
  colour: Colour
  date: Date
  ints: [Int!]
  required: Int!
  inner: Thing
}
type Query { thing: Thing things: [Thing] }`;

const supergraph = Supergraph.build(compose([{ name: 'one', sdl: SUBGRAPH }]));
const api = supergraph.apiSchema();
const schema = api.toGraphQLJSSchema();

const context = buildOperationContext({
  schema,
  operationDocument:
    parse(`{ thing { __typename kind: __typename id int float boolean string colour date ints
  required copy: int ...More inner { id n: int ... on Thing { colour } } } }
  fragment More on Thing { int string inner { id date } }`),
});

const LEAVES = ['id', 'int', 'float', 'boolean', 'string', 'colour', 'date', 'required'];
const VALUES = [
  null,
  0,
  -0,
  7,
  -12,
  1.5,
  2 ** 53,
  2 ** 60,
  '7',
  '',
  'RED',
  'red',
  'BLUE',
  true,
  false,
  { a: 1 },
  [1],
  [],
];

/** Values each leaf takes: most often one its type accepts, else any. */
const VALID: Record<string, unknown[]> = {
  id: ['1', 7],
  int: [0, -12, null],
  float: [1.5, 0],
  boolean: [true, null],
  string: ['', 'x'],
  colour: ['RED', null],
  date: [{ a: 1 }, 'd', 3],
  required: [3],
};
const leaf = (name: string) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...(VALID[name] as unknown[])) },
    { weight: 1, arbitrary: fc.constantFrom(...VALUES) },
  );
const rarely = <T>(usual: T, ...others: T[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, fc.constantFrom(...others));

const thing = fc.record({
  __typename: rarely<string | undefined>('Thing', 'Other', 'Query', undefined),
  ...Object.fromEntries(LEAVES.map((name) => [name, leaf(name)])),
  kind: rarely<string | null>('Thing', 'Other', 'Query', null),
  ints: rarely<unknown>([1, 2], null, [1, null], [1.5], 'x'),
  inner: rarely<unknown>({ id: '1', int: 2, n: 3, colour: 'GREEN', date: 'd' }, null, 'x'),
});

/** @apollo/gateway's execution shaping `input`: its plan's one fetch answers it. */
function computeResponse({ input }: { input: Record<string, unknown> }) {
  const plan: QueryPlan = {
    kind: 'QueryPlan',
    node: { kind: 'Fetch', serviceName: 'one', operation: '', operationKind: 'query' } as PlanNode,
  };
  const services = { one: { process: async () => ({ data: input }) } };
  const requestContext = { request: {}, context: {}, metrics: {}, logger: console };
  return executeQueryPlan(plan, services, requestContext as never, context, schema, api);
}

describe('the shortcut to an answer', () => {
  const shape = operationShape(schema, context.operation, context.fragments);

  it('shapes only what computeResponse shapes without an error, and the same', async () => {
    expect(shape).not.toBeNull();
    let shaped = 0;
    let left = 0;
    await fc.assert(
      fc.asyncProperty(thing, async (value) => {
        const input = { thing: value };
        const ours = shapeData(shape as never, input);
        if (ours === NOT_SHAPED) {
          left++;
          return;
        }
        const theirs = await computeResponse({ input });
        shaped++;
        expect(theirs.errors ?? theirs.extensions).toBeUndefined();
        expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs.data));
      }),
      { numRuns: 3000, seed: 16 },
    );
    expect(shaped).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
  });

  it('shapes every answer whose values are all valid', async () => {
    const input = {
      thing: {
        __typename: 'Thing',
        kind: 'Thing',
        id: 7,
        int: -0,
        float: 1.5,
        boolean: false,
        string: '',
        colour: 'GREEN',
        date: { any: 'value' },
        ints: [1, 2],
        required: 2 ** 53 - 1,
        inner: { id: 'x', int: null, n: 1, colour: null, date: 'd' },
      },
    };
    const ours = shapeData(shape as never, input);
    expect(ours).not.toBe(NOT_SHAPED);
    const theirs = await computeResponse({ input });
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs.data));
  });
});
