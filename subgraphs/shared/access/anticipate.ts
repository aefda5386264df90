import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { checkPersonalId } from '../../../db/domain/personalId.ts';
import type { Requirement } from '../../../kernel/access/decide.ts';
import { type FieldRule, fieldRules } from '../../../kernel/access/fieldRules.ts';
import { MAX_CITIZENS_PER_QUERY } from '../../../kernel/maxCitizensPerQuery.ts';
import type { AccessContext } from './accessContext.ts';

type Rules = Map<string, FieldRule | null>;

/** The arguments through which an entry point names the citizens it returns. */
const SUBJECT_ARGUMENTS: ReadonlySet<string> = new Set([
  'personalId',
  'personalIds',
  'representations',
]);

/**
 * No more than an entry point accepts (`citizens` takes MAX_CITIZENS_PER_QUERY): a request that
 * will be refused must not leave audit records, nor load facts, for citizens it never reads. Larger batches are decided
 * field by field, as without anticipation.
 */
const MAX_ANTICIPATED_SUBJECTS = MAX_CITIZENS_PER_QUERY;

/** Most selections carry no directive: only those that do need @skip and @include evaluated. */
const included = (node: SelectionNode, info: GraphQLResolveInfo) =>
  !node.directives?.length ||
  (!getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false);

/**
 * The requirements that the selected fields of `typeName` will check, @skip, @include and
 * fragments heeded; `fixed` when no selection carried a directive, so the variables played no part.
 */
function requirementsOf(rules: Rules, info: GraphQLResolveInfo, typeName: string) {
  const found = new Map<string, Requirement>();
  let fixed = true;
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const node of selectionSet?.selections ?? []) {
      if (node.directives?.length) fixed = false;
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
  return { requirements: [...found.values()], fixed };
}

type Requirements = (info: GraphQLResolveInfo, typeName: string) => Requirement[];

/**
 * `requirementsOf`, remembered per entry point's field node and type when the variables play no
 * part: a repeated operation is one parsed document (Apollo's document cache), so its selections
 * are walked once, not on every request.
 */
function rememberedRequirements(rules: Rules): Requirements {
  const known = new WeakMap<FieldNode, Map<string, Requirement[]>>();
  return (info, typeName) => {
    const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : undefined;
    const remembered = node && known.get(node)?.get(typeName);
    if (remembered) return remembered;
    const { requirements, fixed } = requirementsOf(rules, info, typeName);
    if (node && fixed) {
      let byType = known.get(node);
      if (!byType) {
        byType = new Map();
        known.set(node, byType);
      }
      byType.set(typeName, requirements);
    }
    return requirements;
  };
}

const wellFormed = (id: unknown): id is string => typeof id === 'string' && checkPersonalId(id).ok;

/**
 * The personal IDs an entry point's arguments name, by the type of object they key; none when the
 * entry point will refuse its arguments (a malformed ID, too many).
 */
function subjectsOf(args: Record<string, unknown>, info: GraphQLResolveInfo) {
  const byType = new Map<string, string[]>();
  const named = [
    ...(args.personalId === undefined ? [] : [args.personalId]),
    ...(Array.isArray(args.personalIds) ? args.personalIds : []),
  ];
  if (named.length > MAX_ANTICIPATED_SUBJECTS || !named.every(wellFormed)) return byType;
  if (named.length > 0) byType.set(getNamedType(info.returnType).name, named);
  const representations = Array.isArray(args.representations)
    ? (args.representations as { __typename?: unknown; personalId?: unknown }[])
    : [];
  if (representations.length > MAX_ANTICIPATED_SUBJECTS) return byType;
  for (const r of representations) {
    if (typeof r?.__typename !== 'string' || !wellFormed(r.personalId)) continue;
    const subjects = byType.get(r.__typename);
    if (subjects) subjects.push(r.personalId);
    else byType.set(r.__typename, [r.personalId]);
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
function anticipate(
  requirementsOf: Requirements,
  access: AccessContext,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): void {
  for (const [typeName, subjects] of subjectsOf(args, info)) {
    for (const requirement of requirementsOf(info, typeName)) {
      for (const subject of subjects) access.anticipate(subject, requirement);
    }
  }
}

/**
 * A graphql-middleware (applied before the shield) on the entry points that name their citizens:
 * it decides those citizens' fields before the entry point reads them.
 */
export function anticipation(schema: GraphQLSchema): IMiddlewareTypeMap {
  const requirements = rememberedRequirements(fieldRules(schema));
  const query = schema.getQueryType();
  if (!query) return {};
  const entryPoints = Object.values(query.getFields()).filter((field) =>
    field.args.some((a) => SUBJECT_ARGUMENTS.has(a.name)),
  );
  return {
    [query.name]: Object.fromEntries(
      entryPoints.map((field) => [
        field.name,
        (resolve, parent, args, ctx: { access: AccessContext }, info) => {
          anticipate(requirements, ctx.access, args, info);
          return resolve(parent, args, ctx, info);
        },
      ]),
    ),
  };
}
