import {
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ownRecord } from './ownRecord.ts';

/** What a leaf's value must be for @apollo/gateway to pass it on (`isValidLeafValue`). */
type Leaf = 'any' | 'boolean' | 'int' | 'id' | 'float' | 'string' | ReadonlySet<string>;

/** A field's type, one level of list at a time, as plain data. */
interface TypeLevel {
  nonNull: boolean;
  item: TypeLevel | null;
}

interface ShapeField {
  responseName: string;
  /** The name is also Object.prototype's (`constructor`, an alias `toString`): read own only. */
  inherited: boolean;
  /** `__typename` (or an alias of it). */
  typename: boolean;
  type: TypeLevel;
  leaf: Leaf | null;
  object: ObjectShape | null;
}

/** The fields one object type answers for the operation, fragments expanded, in answer order. */
export interface ObjectShape {
  typeName: string;
  fields: ShapeField[];
}

const BUILT_IN_LEAVES: Record<string, Leaf> = {
  Boolean: 'boolean',
  Int: 'int',
  ID: 'id',
  Float: 'float',
  String: 'string',
};

function typeLevel(type: GraphQLOutputType): TypeLevel {
  if (isNonNullType(type)) return { ...typeLevel(type.ofType), nonNull: true };
  if (isListType(type)) return { nonNull: false, item: typeLevel(type.ofType) };
  return { nonNull: false, item: null };
}

function leafOf(type: GraphQLNamedType): Leaf {
  if (isEnumType(type)) return new Set(type.getValues().map((v) => v.name));
  return BUILT_IN_LEAVES[type.name] ?? 'any';
}

/**
 * The operation's answer shape over the API schema, as graphql-js collects fields (fragments
 * merged where their type condition holds, first occurrence first), or null where it uses what
 * `shapeData` does not handle: directives, introspection, interfaces and unions, subscriptions.
 */
export function operationShape(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): ObjectShape | null {
  const root = operation.operation === 'query' ? schema.getQueryType() : null;
  if (!root) return null;
  return objectShape(schema, fragments, root, [operation.selectionSet]);
}

function objectShape(
  schema: GraphQLSchema,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
): ObjectShape | null {
  const collected = new Map<string, { name: string; sets: SelectionSetNode[] }>();
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === type.name) return true;
    const named = schema.getType(condition);
    return !!named && isAbstractType(named) && schema.isSubType(named, type);
  };
  const collect = (set: SelectionSetNode): boolean => {
    for (const selection of set.selections) {
      if (selection.directives?.length) return false;
      if (selection.kind === Kind.FIELD) {
        const responseName = selection.alias?.value ?? selection.name.value;
        let entry = collected.get(responseName);
        if (!entry) {
          entry = { name: selection.name.value, sets: [] };
          collected.set(responseName, entry);
        }
        if (selection.selectionSet) entry.sets.push(selection.selectionSet);
        continue;
      }
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment || (fragment.kind === Kind.FRAGMENT_DEFINITION && fragment.directives?.length))
        return false;
      if (applies(fragment.typeCondition?.name.value) && !collect(fragment.selectionSet))
        return false;
    }
    return true;
  };
  for (const set of selectionSets) if (!collect(set)) return null;
  const fields: ShapeField[] = [];
  for (const [responseName, { name, sets }] of collected) {
    const inherited = responseName in Object.prototype;
    if (name === '__typename') {
      const type = { nonNull: true, item: null };
      fields.push({ responseName, inherited, typename: true, type, leaf: null, object: null });
      continue;
    }
    const definition = type.getFields()[name];
    if (!definition || name.startsWith('__')) return null;
    const named = getNamedType(definition.type);
    if (isAbstractType(named)) return null;
    const object = isObjectType(named) ? objectShape(schema, fragments, named, sets) : null;
    if (isObjectType(named) && !object) return null;
    fields.push({
      responseName,
      inherited,
      typename: false,
      type: typeLevel(definition.type),
      leaf: object ? null : leafOf(named),
      object,
    });
  }
  return { typeName: type.name, fields };
}

/** Anything `shapeData` leaves to @apollo/gateway's `computeResponse`, errors and all. */
export const NOT_SHAPED = Symbol('not shaped here');

/**
 * The client's answer out of the merged subgraph data, exactly as @apollo/gateway's
 * `computeResponse` makes it when the data is whole and valid: only the selected fields, under
 * their response names, `__typename` filled in. A null where the schema forbids one, a value of the
 * wrong kind or an unexpected `__typename` gives NOT_SHAPED: those answers carry errors, and
 * `computeResponse` makes them.
 */
export function shapeData(
  shape: ObjectShape,
  data: Record<string, unknown>,
): Record<string, unknown> | typeof NOT_SHAPED {
  return shapeObject(shape, data);
}

const own = (input: Record<string, unknown>, field: ShapeField): unknown =>
  field.inherited && !Object.hasOwn(input, field.responseName)
    ? undefined
    : input[field.responseName];

function shapeObject(
  shape: ObjectShape,
  input: Record<string, unknown>,
): Record<string, unknown> | typeof NOT_SHAPED {
  const typename = input.__typename;
  if (typename !== undefined && typename !== shape.typeName) return NOT_SHAPED;
  const output = ownRecord();
  for (const field of shape.fields) {
    const value = own(input, field);
    if (field.typename) {
      const named = value ?? (field.responseName === '__typename' ? null : typename);
      if (typeof named === 'string' && named !== shape.typeName) return NOT_SHAPED;
      output[field.responseName] = shape.typeName;
      continue;
    }
    const shaped = complete(field, field.type, value);
    if (shaped === NOT_SHAPED) return NOT_SHAPED;
    output[field.responseName] = shaped;
  }
  return output;
}

function complete(field: ShapeField, type: TypeLevel, value: unknown): unknown {
  if (value === null || value === undefined) return type.nonNull ? NOT_SHAPED : null;
  if (type.item) {
    if (!Array.isArray(value)) return NOT_SHAPED;
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = complete(field, type.item, value[i]);
      if (item === NOT_SHAPED) return NOT_SHAPED;
      items[i] = item;
    }
    return items;
  }
  if (field.object) {
    if (typeof value !== 'object' || Array.isArray(value)) return NOT_SHAPED;
    return shapeObject(field.object, value as Record<string, unknown>);
  }
  return isValidLeaf(field.leaf as Leaf, value) ? value : NOT_SHAPED;
}

function isValidLeaf(leaf: Leaf, value: unknown): boolean {
  switch (leaf) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'int':
      return Number.isSafeInteger(value);
    case 'id':
      return typeof value === 'string' || Number.isSafeInteger(value);
    default:
      return typeof value === 'string' && leaf.has(value);
  }
}
