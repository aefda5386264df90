import {
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { checkPersonalId } from '../../../db/domain/personalId.ts';
import type { AccessContext } from './accessContext.ts';
import type { Requirement } from './decide.ts';
import type { FieldRule } from './rules.ts';

type Rules = Map<string, FieldRule | null>;

/** The arguments through which an entry point names the citizens it returns. */
export const SUBJECT_ARGUMENTS = ['personalId', 'personalIds', 'representations'] as const;

const included = (node: SelectionNode, info: GraphQLResolveInfo) =>
  !getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if &&
  getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;

/** The requirements that the selected fields of `typeName` will check, @skip, @include and fragments heeded. */
function requirementsOf(
  rules: Rules,
  info: GraphQLResolveInfo,
  typeName: string,
): Map<string, Requirement> {
  const found = new Map<string, Requirement>();
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const node of selectionSet?.selections ?? []) {
      if (!included(node, info)) continue;
      if (node.kind === Kind.FIELD) {
        const rule = rules.get(`${typeName}.${node.name.value}`);
        if (rule?.kind === 'scope')
          found.set(`${rule.requirement.scope}|${rule.requirement.level}`, rule.requirement);
      } else {
        const fragment =
          node.kind === Kind.INLINE_FRAGMENT ? node : info.fragments[node.name.value];
        const on = fragment?.typeCondition?.name.value;
        if (fragment && (on === undefined || on === typeName)) visit(fragment.selectionSet);
      }
    }
  };
  for (const field of info.fieldNodes) visit(field.selectionSet);
  return found;
}

/** The well-formed personal IDs an entry point's arguments name, by the type of object they key. */
function subjectsOf(args: Record<string, unknown>, info: GraphQLResolveInfo) {
  const byType = new Map<string, string[]>();
  const add = (typeName: string, id: unknown) => {
    if (typeof id !== 'string' || !checkPersonalId(id).ok) return;
    const ids = byType.get(typeName) ?? [];
    ids.push(id);
    byType.set(typeName, ids);
  };
  const returned = getNamedType(info.returnType).name;
  add(returned, args.personalId);
  if (Array.isArray(args.personalIds)) for (const id of args.personalIds) add(returned, id);
  if (Array.isArray(args.representations)) {
    for (const r of args.representations as { __typename?: unknown; personalId?: unknown }[]) {
      if (typeof r?.__typename === 'string') add(r.__typename, r.personalId);
    }
  }
  return byType;
}

/**
 * An entry point reads its citizens before their fields are checked, so their audit records would
 * be written only after that read. Deciding those checks first — for the citizens the arguments
 * name and the fields the query selects — lets the records be written while the data is read.
 * The fields' own checks then find the decisions made; a citizen who does not exist is audited as
 * asked for, which is what an audit of attempts should show.
 */
export function anticipate(
  rules: Rules,
  access: AccessContext,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): void {
  for (const [typeName, subjects] of subjectsOf(args, info)) {
    const requirements = requirementsOf(rules, info, typeName);
    for (const requirement of requirements.values()) {
      for (const subject of subjects) {
        // A failure (the facts could not be read) reaches the field's own check, which shares
        // this promise; here it must not surface as an unhandled rejection.
        access.check(subject, requirement).catch(() => {});
      }
    }
  }
}
