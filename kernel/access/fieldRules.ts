import {
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getDirectiveValues,
  isObjectType,
} from 'graphql';
import type { Requirement } from './decide.ts';
import { isScope } from './scopes.ts';

/** How a field is protected, as declared in the SDL. */
export type FieldRule =
  | { kind: 'scope'; requirement: Requirement }
  | { kind: 'public' }
  | { kind: 'inherited'; requirement: Requirement }
  | { kind: 'federation' };

/** Federation's own fields, which the gateway needs to resolve entities. */
const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

type DirectiveNode = Parameters<typeof getDirectiveValues>[1];

const hasDirective = (
  directive: GraphQLDirective | null | undefined,
  node: DirectiveNode | null | undefined,
) => Boolean(directive && node && getDirectiveValues(directive, node));

function accessOf(
  directive: GraphQLDirective | null | undefined,
  node: DirectiveNode | null | undefined,
) {
  if (!directive || !node) return undefined;
  const values = getDirectiveValues(directive, node);
  if (!values) return undefined;
  const scope = String(values.scope);
  if (!isScope(scope)) throw new Error(`@access names an unknown scope "${scope}"`);
  const level = values.level === 2 ? 2 : 1;
  return { scope, level } as Requirement;
}

/** A field's rule: its own directive first, then its type's; null when neither declares one. */
function ruleOf(
  name: string,
  field: { access: Requirement | undefined; public: boolean },
  type: { access: Requirement | undefined; public: boolean },
): FieldRule | null {
  if (FEDERATION_FIELDS.has(name)) return { kind: 'federation' };
  if (field.access) return { kind: 'scope', requirement: field.access };
  if (field.public || type.public) return { kind: 'public' };
  if (type.access) return { kind: 'inherited', requirement: type.access };
  return null;
}

/** Every field of every object type with the rule the SDL declares for it. */
export function fieldRules(schema: GraphQLSchema): Map<string, FieldRule | null> {
  const access = schema.getDirective('access');
  const publicDirective = schema.getDirective('public');
  const result = new Map<string, FieldRule | null>();
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const onType = {
      access: accessOf(access, type.astNode),
      public: hasDirective(publicDirective, type.astNode),
    };
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const name = `${type.name}.${field.name}`;
      const onField = {
        access: accessOf(access, field.astNode),
        public: hasDirective(publicDirective, field.astNode),
      };
      result.set(name, ruleOf(name, onField, onType));
    }
  }
  return result;
}
