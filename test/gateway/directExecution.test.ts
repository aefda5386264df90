// A known operation run directly (gateway/execution/) answers exactly what @apollo/gateway's own
// executeQueryPlan answers from the same subgraph answers, byte for byte once serialised (field
// order included): The Guild's query and our own operations with fragments, aliases, __typename
// and variables, over seeded random subgraph answers with fields missing, nulls where the schema
// forbids them, values of the wrong kind, unexpected __typenames, null entities, errors at entity
// and root paths with and without codes, and subgraphs that answer only an error.
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import {
  buildOperationContext,
  type Experimental_DidResolveQueryPlanCallback,
  executeQueryPlan,
  type ServiceMap,
} from '@apollo/gateway';
import { QueryPlanner } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import fc from 'fast-check';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { GUILD_QUERY } from '../../bench/guild/query.ts';
import { guildSupergraphSdl } from '../../bench/guild/sdl.ts';
import { DirectExecution } from '../../gateway/execution/directExecution.ts';
import { operationShape } from '../../gateway/execution/operationShape.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

/** mulberry32: the same numbers for the same seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seedOf = (text: string) =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619), 2_166_136_261);

/**
 * How an answer departs from the plain case, per seed: one kind of oddity at a time (what a
 * shortcut that misjudged that one case is caught on), at a rate from rare to frequent, and
 * answers without any.
 */
interface Chaos {
  missing: number;
  null: number;
  odd: number;
  typename: number;
  notList: number;
  down: number;
  errors: number;
}
const CALM: Chaos = { missing: 0, null: 0, odd: 0, typename: 0, notList: 0, down: 0, errors: 0 };
const chaosOf = (seed: number): Chaos => {
  // Odd leaves three times as often: each type has its own, and a run finds one type's.
  const kinds = [...(Object.keys(CALM) as (keyof Chaos)[]), 'odd', 'odd'] as const;
  const kind = kinds[Math.abs(seed) % (kinds.length + 1)];
  const level = [0.0005, 0.002, 0.01, 0.05][Math.floor(Math.abs(seed) / 10) % 4] as number;
  return kind ? { ...CALM, [kind]: kind === 'errors' ? level * 10 : level } : CALM;
};

/** Values a leaf's type refuses that a shortcut might let through, by type. */
const NEAR_MISSES: Record<string, unknown[]> = {
  Int: [1.5, '7', true, 2 ** 60, -0, { n: 1 }],
  Float: ['1.5', true, [1]],
  Boolean: ['true', 0],
  String: [7, true, { s: '' }],
  ID: [1.5, true, 2 ** 60, ['1']],
};

/** A leaf value of `type`, now and then one it refuses. */
function leaf(next: () => number, chaos: Chaos, type: GraphQLOutputType): unknown {
  const named = getNamedType(type);
  if (next() < chaos.odd) {
    const misses = isEnumType(named)
      ? ['NOT_A_VALUE', named.getValues()[0]?.name.toLowerCase()]
      : (NEAR_MISSES[named.name] ?? [{ any: 'value' }]);
    return misses[Math.floor(next() * misses.length)];
  }
  if (isEnumType(named)) {
    const values = named.getValues();
    return values[Math.floor(next() * values.length)]?.value;
  }
  if (named.name === 'Int') return Math.floor(next() * 100);
  if (named.name === 'Float') return next();
  if (named.name === 'Boolean') return next() < 0.5;
  if (named.name === 'ID' && next() < 0.3) return Math.floor(next() * 100);
  return `v${Math.floor(next() * 5)}`;
}

/** A subgraph's answer to a fetch's selection: every selected field, missing or null by chance. */
function answer(
  next: () => number,
  chaos: Chaos,
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) {
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      const condition = fragment?.typeCondition?.name.value;
      if (fragment && (!condition || condition === type.name))
        answer(next, chaos, schema, fragments, type, fragment.selectionSet, into);
      continue;
    }
    const key = selection.alias?.value ?? selection.name.value;
    const roll = next();
    if (roll < chaos.missing) continue;
    if (selection.name.value === '__typename') {
      into[key] = next() < chaos.typename ? 'Elsewhere' : type.name;
      continue;
    }
    const field = type.getFields()[selection.name.value];
    if (!field) throw new Error(`no ${type.name}.${selection.name.value}`);
    const sub = selection.selectionSet;
    const value = (t: GraphQLOutputType, depth: number): unknown => {
      if (next() < chaos.null) return null;
      const nullable = getNullableType(t);
      if (isListType(nullable)) {
        if (next() < chaos.notList) return 'not a list';
        return Array.from({ length: Math.floor(next() * 4) }, () =>
          value(nullable.ofType, depth + 1),
        );
      }
      const named = getNamedType(t);
      if (isObjectType(named) && sub) return answer(next, chaos, schema, fragments, named, sub);
      return leaf(next, chaos, t);
    };
    into[key] = value(field.type, 0);
  }
  return into;
}

/** A subgraph answering any fetch by chance, the same way for the same request. */
function fakeSubgraph(name: string, seedNow: () => number, schema: GraphQLSchema) {
  return {
    process: async ({ request, document }: { request: never; document?: DocumentNode }) => {
      const { variables, query } = request as {
        variables?: Record<string, unknown>;
        query: string;
      };
      const chaos = chaosOf(seedNow());
      const next = random(seedNow() ^ seedOf(`${name}\n${query}\n${JSON.stringify(variables)}`));
      if (next() < chaos.down)
        return { errors: [{ message: `${name} is down`, extensions: { code: 'UNAVAILABLE' } }] };
      const parsed = document ?? parse(query);
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of parsed.definitions)
        if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const operation = parsed.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
      const representations = variables?.representations as Record<string, unknown>[] | undefined;
      const errors: GraphQLFormattedError[] = [];
      const error = (path: (string | number)[]): GraphQLFormattedError =>
        next() < 0.5
          ? { message: 'denied', path, extensions: { code: 'FORBIDDEN', reason: 'NO' } }
          : { message: '', path };
      let data: Record<string, unknown>;
      if (representations) {
        const [entities] = operation.selectionSet.selections;
        if (entities?.kind !== Kind.FIELD || !entities.selectionSet)
          throw new Error('no _entities');
        const set = entities.selectionSet;
        data = {
          _entities: representations.map((r) =>
            next() < chaos.null
              ? null
              : answer(
                  next,
                  chaos,
                  schema,
                  fragments,
                  schema.getType(r.__typename as string) as never,
                  set,
                ),
          ),
        };
        if (next() < chaos.errors)
          errors.push(error(['_entities', Math.floor(next() * representations.length), 'x']));
      } else {
        const root = schema.getQueryType() as GraphQLObjectType;
        data = answer(next, chaos, schema, fragments, root, operation.selectionSet);
        const [first] = Object.keys(data);
        if (first && next() < chaos.errors) errors.push(error([first, 0]));
        if (next() < chaos.errors / 3)
          errors.push({ message: 'no path at all', extensions: { code: 'X' } });
      }
      return errors.length > 0 ? { data, errors } : { data };
    },
  };
}

interface Graph {
  sdl: string;
  operations: { text: string; variables?: Record<string, unknown>; operationName?: string }[];
}

const GRAPHS: Record<string, Graph> = {
  guild: {
    sdl: guildSupergraphSdl(),
    operations: [
      { text: GUILD_QUERY },
      {
        text: `query Aliased { top: topProducts(first: 3) { __typename upc label: name
          reviews { kind: __typename id ... on Review { body author { __typename name n: name } } }
          ...P } users { id ...U } }
          fragment P on Product { price weight reviews { id product { upc inStock } } }
          fragment U on User { username reviews { body } }`,
      },
      // Response names that are Object.prototype's, which the answer's records must hold as their own.
      {
        text: `query Inherited { topProducts { __proto__: name constructor: upc
          reviews { toString: body hasOwnProperty: id } } }`,
      },
    ],
  },
  ours: {
    sdl: readFileSync(SUPERGRAPH_URL, 'utf8'),
    operations: [
      {
        text: `query ($id: ID!) { citizen(personalId: $id) { fullName dateOfBirth
          permanentResidence { address } healthInsurance { cardCode validUntil }
          driverLicences { class } vehicles { plate brand } tax { taxOffice declarations { year taxPaid } } } }`,
        variables: { id: '086175128486' },
      },
      {
        text: `query Two($ids: [ID!]!) { citizens(personalIds: $ids) { __typename personalId
          ...Names cars: vehicles { plate owner { name: fullName } } } }
          fragment Names on Citizen { fullName licences: driverLicences { class } }
          query Other { provinces { code } }`,
        variables: { ids: ['1', '2', '3'] },
        operationName: 'Two',
      },
    ],
  },
};

function normalised(result: GatewayExecutionResult) {
  const format = (e: unknown) =>
    typeof (e as GraphQLError).toJSON === 'function'
      ? (e as GraphQLError).toJSON()
      : { message: (e as Error).message };
  return JSON.stringify({
    data: result.data,
    errors: result.errors?.map(format),
    extensions: result.extensions && {
      valueCompletion: (result.extensions.valueCompletion as GraphQLError[]).map(format),
    },
  });
}

/** The answer serialised, or what was thrown. */
const settled = (answer: Promise<GatewayExecutionResult>): Promise<string> =>
  answer.then(normalised, (error: Error) => `thrown ${error.constructor.name}: ${error.message}`);

describe('a known operation run directly', () => {
  for (const [graph, { sdl, operations }] of Object.entries(GRAPHS)) {
    const supergraph = Supergraph.build(sdl);
    const api = supergraph.apiSchema();
    const apiSchema = api.toGraphQLJSSchema();
    const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    const planner = new QueryPlanner(supergraph, { exposeDocumentNodeInFetchNode: true });
    const names = supergraph.subgraphs().names();

    it.each(operations)(`${graph}: answers as @apollo/gateway does (%#)`, async (op) => {
      const document = parse(op.text);
      const operationContext = buildOperationContext({
        schema: apiSchema,
        operationDocument: document,
        operationName: op.operationName,
      });
      expect(
        operationShape(apiSchema, operationContext.operation, operationContext.fragments),
      ).not.toBeNull();
      const queryPlan = planner.buildQueryPlan(
        operationFromDocument(api, document, { operationName: op.operationName }),
      );
      const direct = new DirectExecution(sdl);
      const refuse = () => Promise.reject(new Error('the gateway was asked'));
      const executor = direct.executor(refuse);
      const counts = { errors: 0, valueCompletion: 0, nulledRoot: 0, clean: 0 };
      // The gateway's data sources are the same objects on every request: so are these.
      let seedNow = 0;
      const services = Object.fromEntries(
        names.map((n) => [n, fakeSubgraph(n, () => seedNow, supergraphSchema)]),
      ) as unknown as ServiceMap;
      await fc.assert(
        fc.asyncProperty(fc.integer(), async (seed) => {
          seedNow = seed;
          const requestContext = () =>
            ({
              document,
              request: { variables: op.variables, operationName: op.operationName },
              schema: apiSchema,
              context: {},
              metrics: {},
              logger: console,
            }) as unknown as GatewayGraphQLRequestContext;
          const remember: Experimental_DidResolveQueryPlanCallback = direct.remember;
          remember({
            queryPlan,
            serviceMap: services,
            operationContext,
            requestContext: requestContext(),
          });
          const theirs = await settled(
            executeQueryPlan(
              queryPlan,
              services,
              requestContext(),
              operationContext,
              supergraphSchema,
              api,
            ),
          );
          const ours = await settled(executor(requestContext()));
          expect(ours).toBe(theirs);
          if (theirs.startsWith('thrown')) return;
          const answer = JSON.parse(theirs) as GatewayExecutionResult;
          if (answer.errors) counts.errors++;
          else if (answer.extensions) counts.valueCompletion++;
          else counts.clean++;
          if (answer.data === null) counts.nulledRoot++;
        }),
        { numRuns: 400, seed: seedOf(op.text) },
      );
      // The answers reached every case that matters.
      expect(counts.errors).toBeGreaterThan(0);
      expect(counts.clean).toBeGreaterThan(0);
      expect(counts.valueCompletion + counts.nulledRoot).toBeGreaterThan(0);
    });
  }

  it('leaves to the gateway what it does not shape: directives, introspection, abstract types', () => {
    const apiSchema = Supergraph.build(readFileSync(SUPERGRAPH_URL, 'utf8'))
      .apiSchema()
      .toGraphQLJSSchema();
    for (const text of [
      'query ($s: Boolean!) { provinces { code @skip(if: $s) } }',
      '{ __schema { queryType { name } } }',
      '{ provinces { ... @include(if: true) { code } } }',
    ]) {
      const context = buildOperationContext({ schema: apiSchema, operationDocument: parse(text) });
      expect(operationShape(apiSchema, context.operation, context.fragments)).toBeNull();
    }
  });
});
