// A form's plan run outside the gateway (the plan runner and operation shape of
// gateway/execution/, through the forms' agencyChannel.ts) answers exactly what
// @apollo/gateway's own executeQueryPlan answers from the same subgraph answers: every form
// operation, single and bulk, over seeded random answers with fields missing, nulls where the
// schema forbids them, null and missing entities, errors at entity and root paths, errors
// without a code and subgraphs that answer only an error.
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner } from '@apollo/query-planner';
import {
  GraphQLEnumType,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../gateway/context.ts';
import { type ObjectShape, operationShape } from '../../gateway/execution/operationShape.ts';
import { answerFromPlan, type PlannedOperation } from '../../gateway/execution/planAnswer.ts';
import type { PlanRun } from '../../gateway/execution/planRunner.ts';
import { agencyChannel, type FetchService } from '../../gateway/forms/agencyChannel.ts';
import { bulkOperation } from '../../gateway/forms/bulkPrefill.ts';
import { SUBGRAPH_NAMES, SUPERGRAPH_URL } from '../../schema/subgraphs.ts';
import { plans } from '../support/forms.ts';

const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_URL, 'utf8'));
const api = supergraph.apiSchema();
const apiSchema = api.toGraphQLJSSchema();
const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
const planner = new QueryPlanner(supergraph, { exposeDocumentNodeInFetchNode: true });
const citizenType = apiSchema.getType('Citizen') as GraphQLObjectType;

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

/** An object of `type` with every field of the type, each missing, null or a value, by chance. */
function object(
  next: () => number,
  type: GraphQLObjectType,
  depth: number,
): Record<string, unknown> {
  const data: Record<string, unknown> = { __typename: type.name };
  for (const [name, field] of Object.entries(type.getFields())) {
    const roll = next();
    if (roll < 0.08) continue;
    data[name] = roll < 0.16 ? null : value(next, field.type, depth);
  }
  return data;
}

function value(next: () => number, type: GraphQLOutputType, depth: number): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const length = Math.floor(next() * 3);
    return Array.from({ length }, () =>
      next() < 0.1 ? null : value(next, nullable.ofType, depth),
    );
  }
  const named = getNamedType(type);
  if (isObjectType(named)) return depth > 2 ? null : object(next, named, depth + 1);
  if (named instanceof GraphQLEnumType) {
    const values = named.getValues();
    return values[Math.floor(next() * values.length)]?.value;
  }
  if (named.name === 'Int') return Math.floor(next() * 100);
  if (named.name === 'Float') return next();
  if (named.name === 'Boolean') return next() < 0.5;
  return `v${Math.floor(next() * 1000)}`;
}

const citizen = (next: () => number) =>
  next() < 0.1
    ? null
    : { ...object(next, citizenType, 0), personalId: `p${Math.floor(next() * 1e6)}` };

/**
 * A subgraph that answers by chance, the same way for the same request: every field of a citizen
 * (the merge and the shaping keep what was asked), errors where a subgraph puts them.
 */
function fakeSubgraph(name: string, seed: number): FetchService {
  return {
    process: async ({ request }) => {
      const next = random(seed ^ seedOf(`${name}\n${JSON.stringify(request.variables)}`));
      if (next() < 0.05)
        return {
          errors: [{ message: `${name} is down`, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
        };
      const representations = request.variables?.representations as unknown[] | undefined;
      const errors: GraphQLFormattedError[] = [];
      const error = (path: (string | number)[]) =>
        next() < 0.5
          ? {
              message: 'denied',
              path,
              extensions: { code: 'FORBIDDEN', reason: 'CONSENT_REQUIRED' },
            }
          : { message: '', path };
      let data: Record<string, unknown>;
      if (representations) {
        data = { _entities: representations.map(() => citizen(next)) };
        if (next() < 0.4)
          errors.push(
            error(['_entities', Math.floor(next() * representations.length), 'healthInsurance']),
          );
      } else {
        const list = Array.from({ length: Math.floor(next() * 4) }, () => citizen(next));
        data = { citizen: citizen(next), citizens: list };
        if (next() < 0.4) errors.push(error(['citizen', 'fullName']));
        if (next() < 0.4) errors.push(error(['citizens', Math.floor(next() * 4), 'fullName']));
      }
      return errors.length > 0 ? { data, errors } : { data };
    },
  };
}

const operations = plans.flatMap((plan) =>
  [plan.template.operation, bulkOperation(plan)].map((text) => [plan.template.code, text]),
);

describe('a form plan run outside the gateway', () => {
  it.each(operations)(
    '%s: answers as @apollo/gateway executes the same plan',
    async (_code, text) => {
      const document = parse(text);
      const definition = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const shape = operationShape(apiSchema, definition, {}) as ObjectShape;
      expect(shape).not.toBeNull();
      const plan = planner.buildQueryPlan(operationFromDocument(api, document));
      const node = plan.node;
      if (!node || node.kind === 'Subscription') throw new Error('no plan');
      const operationContext = buildOperationContext({
        schema: apiSchema,
        operationDocument: document,
      });
      const planned: PlannedOperation = {
        node,
        shape,
        schema: apiSchema,
        operationContext,
        apiSchema: api,
      };
      let nulled = 0;
      let errored = 0;
      for (let run = 0; run < 80; run++) {
        const services = new Map(SUBGRAPH_NAMES.map((n) => [n, fakeSubgraph(n, run)]));
        const variables = { personalId: 'p1', personalIds: ['p1', 'p2', 'p3'] };
        const theirs = await executeQueryPlan(
          plan,
          Object.fromEntries(services) as unknown as ServiceMap,
          { request: { variables }, context: {}, metrics: {}, logger: console } as never,
          operationContext,
          supergraphSchema,
          api,
        );
        const ours: PlanRun<GatewayContext, GraphQLFormattedError> = {
          channel: agencyChannel(services),
          context: {} as GatewayContext,
          variables,
          errors: [],
        };
        const request = { request: { variables }, context: {}, metrics: {} };
        const { data } = await answerFromPlan(planned, ours, () => request as never);
        expect(data).toEqual(theirs.data);
        expect(ours.errors).toEqual((theirs.errors ?? []).map((e) => e.toJSON()));
        if (data === null || Object.values(data ?? {}).includes(null)) nulled++;
        if (ours.errors.length > 0) errored++;
      }
      // The answers did reach the cases that matter: nulls bubbling up to the root, errors.
      expect(nulled).toBeGreaterThan(0);
      expect(errored).toBeGreaterThan(0);
    },
  );

  it('shapes aliases and fragments as the gateway does, and leaves directives to Apollo', () => {
    const shapeOf = (text: string) =>
      operationShape(apiSchema, parse(text).definitions[0] as OperationDefinitionNode, {});
    expect(shapeOf('{ citizen(personalId: "1") { name: fullName } }')).not.toBeNull();
    expect(shapeOf('{ citizen(personalId: "1") { ... on Citizen { fullName } } }')).not.toBeNull();
    expect(shapeOf('{ citizen(personalId: "1") { fullName @include(if: true) } }')).toBeNull();
  });
});
