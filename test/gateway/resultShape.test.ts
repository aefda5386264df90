// A form's answer shaped by resultShape.ts is the one @apollo/gateway's own result shaping makes
// from the same merged subgraph data: every form operation, single and bulk, over seeded random
// data with fields missing, null where the schema forbids it, and lists of nulls.
import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
// Not exported by name: the function the gateway shapes every answer with.
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import {
  GraphQLEnumType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  getNamedType,
  getNullableType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { bulkOperation } from '../../gateway/forms/bulkPrefill.ts';
import { operationShape, type ShapeField, shapeResult } from '../../gateway/forms/resultShape.ts';
import { SUPERGRAPH_URL } from '../../schema/subgraphs.ts';
import { plans } from '../support/forms.ts';

const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_URL, 'utf8'));
const api = supergraph.apiSchema();
const apiSchema = api.toGraphQLJSSchema();

/** mulberry32: the same data on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Merged subgraph data for these fields of `parent`: a field missing, null or a value, by chance. */
function mergedData(
  next: () => number,
  fields: readonly ShapeField[],
  parent: GraphQLObjectType,
): Record<string, unknown> {
  const data: Record<string, unknown> = { __typename: parent.name };
  for (const field of fields) {
    const roll = next();
    if (roll < 0.08) continue;
    const type = parent.getFields()[field.name]?.type as GraphQLOutputType;
    data[field.name] = roll < 0.16 ? null : value(next, type, field.fields);
  }
  return data;
}

function value(next: () => number, type: GraphQLOutputType, fields: ShapeField[] | null): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const length = Math.floor(next() * 3);
    return Array.from({ length }, () =>
      next() < 0.1 ? null : value(next, nullable.ofType, fields),
    );
  }
  const named = getNamedType(type);
  if (fields) return mergedData(next, fields, named as GraphQLObjectType);
  if (named instanceof GraphQLEnumType) {
    const values = named.getValues();
    return values[Math.floor(next() * values.length)]?.value;
  }
  if (named.name === 'Int') return Math.floor(next() * 100);
  if (named.name === 'Float') return next();
  if (named.name === 'Boolean') return next() < 0.5;
  return `v${Math.floor(next() * 1000)}`;
}

const operations = plans.flatMap((plan) =>
  [plan.template.operation, bulkOperation(plan)].map((text) => [plan.template.code, text]),
);

describe('a form answer shaped outside the gateway', () => {
  it.each(operations)('%s: shaped as @apollo/gateway shapes it', (_code, text) => {
    const document = parse(text);
    const definition = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    ) as OperationDefinitionNode;
    const shape = operationShape(apiSchema, definition) as ShapeField[];
    expect(shape).not.toBeNull();
    const operation = operationFromDocument(api, document);
    const next = random(text.length);
    let nulled = 0;
    for (let run = 0; run < 300; run++) {
      const data = mergedData(next, shape, apiSchema.getQueryType() as GraphQLObjectType);
      const theirs = computeResponse({
        operation,
        variables: {},
        input: structuredClone(data),
        introspectionHandling: () => null,
      }).data;
      const ours = shapeResult(shape, data);
      expect(ours, JSON.stringify(data)).toEqual(theirs);
      if (ours === null || Object.values(ours).includes(null)) nulled++;
    }
    // The data did reach the cases that matter: a null bubbling up to the root field.
    expect(nulled).toBeGreaterThan(0);
  });

  it('leaves an operation with fragments or aliases to Apollo', () => {
    const [definition] = parse('{ citizen(personalId: "1") { name: fullName } }').definitions;
    expect(operationShape(apiSchema, definition as OperationDefinitionNode)).toBeNull();
    const [withFragment] = parse(
      '{ citizen(personalId: "1") { ... on Citizen { fullName } } }',
    ).definitions;
    expect(operationShape(apiSchema, withFragment as OperationDefinitionNode)).toBeNull();
  });
});
