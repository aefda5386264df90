import {
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** One selected field of a form's operation, typed by the API schema. */
export interface ShapeField {
  name: string;
  type: GraphQLOutputType;
  fields: ShapeField[] | null;
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
    fields.push({ name: selection.name.value, type: definition.type, fields: children });
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

function complete(
  type: GraphQLOutputType,
  fields: readonly ShapeField[] | null,
  value: unknown,
): unknown {
  if (isNonNullType(type)) {
    const shaped = complete(type.ofType, fields, value);
    return shaped === null || shaped === INVALID ? INVALID : shaped;
  }
  if (value === null) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return null;
    const items = value.map((item) => complete(type.ofType, fields, item));
    return items.includes(INVALID) ? null : items;
  }
  if (isCompositeType(type)) {
    if (typeof value !== 'object' || fields === null) return null;
    const shaped = shapeObject(fields, value as Record<string, unknown>);
    return shaped === INVALID ? null : shaped;
  }
  return value;
}
