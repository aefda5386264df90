import {
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * A field's type as plain data, read once: graphql-js's type predicates are `instanceof` checks
 * that, outside production mode, also compare constructor names, for every value of every answer.
 */
export interface TypeShape {
  nonNull: boolean;
  /** The item's type when the field is a list. */
  item: TypeShape | null;
}

/** One selected field of a form's operation, typed by the API schema. */
export interface ShapeField {
  name: string;
  type: TypeShape;
  /** The selected fields of an object; null for a leaf. */
  fields: ShapeField[] | null;
}

function typeShape(type: GraphQLOutputType): TypeShape {
  if (isNonNullType(type)) return { ...typeShape(type.ofType), nonNull: true };
  if (isListType(type)) return { nonNull: false, item: typeShape(type.ofType) };
  return { nonNull: false, item: null };
}

/**
 * The operation's selections as a tree, or null when it uses what `shapeResult` does not handle
 * (fragments, directives, aliases, `__typename`, abstract types): such an operation keeps
 * Apollo's execution.
 */
export function operationShape(
  api: GraphQLSchema,
  operation: OperationDefinitionNode,
): ShapeField[] | null {
  const root = api.getQueryType();
  return root && operation.operation === 'query' ? fieldsOf(root, operation.selectionSet) : null;
}

function fieldsOf(type: GraphQLObjectType, selectionSet: SelectionSetNode): ShapeField[] | null {
  const fields: ShapeField[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.alias || selection.directives?.length)
      return null;
    const definition = type.getFields()[selection.name.value];
    if (!definition) return null;
    const named = getNamedType(definition.type);
    if (isAbstractType(named)) return null;
    let children: ShapeField[] | null = null;
    if (isObjectType(named)) {
      if (!selection.selectionSet) return null;
      children = fieldsOf(named, selection.selectionSet);
      if (children === null) return null;
    }
    fields.push({ name: selection.name.value, type: typeShape(definition.type), fields: children });
  }
  return fields;
}

/** A non-null field that came back null: its parent becomes null in turn. */
const INVALID = Symbol('null bubbles up');

/**
 * The client's answer out of the merged subgraph data, as @apollo/gateway's `computeResponse`
 * makes it: only the selected fields, a missing one null, and a null where the schema forbids it
 * nulling its parent (up to the nearest nullable field or list). Null when the root is nulled.
 */
export function shapeResult(
  fields: readonly ShapeField[],
  data: Record<string, unknown>,
): Record<string, unknown> | null {
  const shaped = shapeObject(fields, data);
  return shaped === INVALID ? null : shaped;
}

function shapeObject(
  fields: readonly ShapeField[],
  input: Record<string, unknown>,
): Record<string, unknown> | typeof INVALID {
  const output: Record<string, unknown> = {};
  for (const field of fields) {
    const value = Object.hasOwn(input, field.name) ? (input[field.name] ?? null) : null;
    const shaped = complete(field.type, field.fields, value);
    if (shaped === INVALID) return INVALID;
    output[field.name] = shaped;
  }
  return output;
}

function complete(type: TypeShape, fields: readonly ShapeField[] | null, value: unknown): unknown {
  if (!type.nonNull) return completeNullable(type, fields, value);
  const shaped = completeNullable(type, fields, value);
  return shaped === null || shaped === INVALID ? INVALID : shaped;
}

function completeNullable(
  type: TypeShape,
  fields: readonly ShapeField[] | null,
  value: unknown,
): unknown {
  if (value === null) return null;
  const { item } = type;
  if (item) {
    if (!Array.isArray(value)) return null;
    const items = value.map((v) => complete(item, fields, v));
    return items.includes(INVALID) ? null : items;
  }
  if (fields) {
    if (typeof value !== 'object') return null;
    const shaped = shapeObject(fields, value as Record<string, unknown>);
    return shaped === INVALID ? null : shaped;
  }
  return value;
}
