import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, type IRule, type IRules, rule, shield } from 'graphql-shield';
import type { DenyReason, Requirement } from '../../../kernel/access/decide.ts';
import { type FieldRule, fieldRules } from '../../../kernel/access/fieldRules.ts';
import { STATISTICS_SCOPE } from '../../../kernel/access/scopes.ts';
import { codedError } from '../../../kernel/errors.ts';
import type { AccessContext } from './accessContext.ts';

const REASON_MESSAGES: Record<DenyReason, string> = {
  ACCOUNT_LOCKED: 'the e-ID account is locked',
  ACCOUNT_LEVEL_2_REQUIRED: 'this needs an e-ID account of level 2',
  NO_ACCOUNT: 'the caller has no e-ID account',
  NOT_DATA_SUBJECT: 'the caller may read only their own data or their wards’',
  NO_MANDATE: 'the calling agency has no mandate for this scope',
  PURPOSE_REQUIRED: 'a purpose must be declared (X-Purpose header)',
  CONSENT_REQUIRED: 'the citizen has not consented to this for this caller and purpose',
  CONSENT_EXPIRED: 'the citizen’s consent has expired',
  CONSENT_REVOKED: 'the citizen revoked their consent',
  CONSENT_NOT_YET_VALID: 'the citizen’s consent is not valid yet',
  AGGREGATES_ONLY: 'analysts read aggregates only, never one citizen’s data',
};

/** A field's middleware as a function (graphql-middleware's resolver form). */
type FieldMiddleware = Extract<IMiddlewareFunction, (...args: never[]) => unknown>;

/** A rule of shield's tree: ours, or one of its own (`allow`). */
type ShieldRule = IRule | typeof allow;

export function forbidden(reason: DenyReason, requirement: Requirement) {
  return codedError(
    'FORBIDDEN',
    `Access denied: ${REASON_MESSAGES[reason]} (scope ${requirement.scope}).`,
    {
      reason,
      scope: requirement.scope,
      requiredLevel: requirement.level,
    },
  );
}

/** The citizen a field's data belongs to: its parent's, or the one its arguments name. */
const subjectOf = (parent: { personalId?: string } | undefined, args: { personalId?: string }) =>
  parent?.personalId ?? args.personalId ?? null;

/** A statistic's audit record names the statistic where a citizen's names the citizen. */
const statisticSubject = (info: GraphQLResolveInfo) =>
  `statistic:${info.parentType.name}.${info.fieldName}`;

/** The subject a field's decision is about: its citizen, or the statistic it reads. */
const subjectOfField = (
  requirement: Requirement,
  parent: { personalId?: string } | undefined,
  args: { personalId?: string },
  info: GraphQLResolveInfo,
) => (requirement.scope === STATISTICS_SCOPE ? statisticSubject(info) : subjectOf(parent, args));

/**
 * The rule of the fields that need `requirement`. A decision depends on the requirement and the
 * subject only, so shield caches it per request under that subject (its cache-key function): the
 * rule runs once per subject, and the other fields of that subject await the cached result. The
 * access context memoises the same decisions across rules and entry points, and records each
 * for audit.
 */
function requirementRule(requirement: Requirement): IRule {
  return rule(`access:${requirement.scope}:${requirement.level}`, {
    cache: (parent, args, _ctx, info) => String(subjectOfField(requirement, parent, args, info)),
  })(
    async (
      parent: { personalId?: string } | undefined,
      args: { personalId?: string },
      ctx: { access: AccessContext },
      info: GraphQLResolveInfo,
    ) => {
      const decision = await ctx.access.check(
        subjectOfField(requirement, parent, args, info),
        requirement,
      );
      return decision.allowed || forbidden(decision.reason, requirement);
    },
  );
}

/**
 * Shield's per-request cache of rule results, which it keeps in the context as `_shield` and makes
 * a plain `{}` when absent. Its keys name the subject (`access:identity:1-<personal ID>`), new in
 * every request, and each new key added to a plain object made V8 add a hidden-class transition to
 * the empty object's shared map (~1 % of the subgraphs' instructions with access control on). An
 * object without a prototype is a hash table from the start: a new key is only an insert.
 */
export const shieldCache = () => ({ cache: Object.create(null) as Record<string, unknown> });

/**
 * graphql-shield's rule tree for a subgraph, from the `@access` and `@public` directives of its
 * SDL: a gated field checks its requirement; public fields, fields covered by the field that
 * returned their object, and federation's own fields are allowed. Refuses a field without a rule.
 */
export function accessRuleTree(schema: GraphQLSchema): IRules {
  const rules = fieldRules(schema);
  const missing = [...rules].filter(([, r]) => r === null).map(([name]) => name);
  if (missing.length > 0) throw new Error(`fields without an access rule: ${missing.join(', ')}`);
  const byRequirement = new Map<string, IRule>();
  const shieldRule = (fieldRule: FieldRule): ShieldRule => {
    if (fieldRule.kind !== 'scope') return allow;
    const { scope, level } = fieldRule.requirement;
    const key = `${scope}:${level}`;
    if (!byRequirement.has(key)) byRequirement.set(key, requirementRule(fieldRule.requirement));
    return byRequirement.get(key) as IRule;
  };
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const [name, fieldRule] of rules) {
    const [typeName, fieldName] = name.split('.') as [string, string];
    tree[typeName] ??= {};
    tree[typeName][fieldName] = shieldRule(fieldRule as FieldRule);
  }
  return tree;
}

/**
 * Shield's middleware for a field gated by `requirement`, behind the decision this request already
 * reached: allowed, the field resolves at once, as shield would after awaiting that same decision
 * (an entry point anticipated it, or a sibling field asked), and graphql-js keeps the object
 * synchronous instead of awaiting several promises per field. Undecided, pending or denied, the
 * field goes through shield, which checks, waits and refuses as before.
 */
function afterDecision(requirement: Requirement, shielded: FieldMiddleware): FieldMiddleware {
  return (resolve, parent, args, ctx: { access: AccessContext }, info) =>
    ctx.access.decided(subjectOfField(requirement, parent, args, info), requirement)?.allowed
      ? resolve(parent, args, ctx, info)
      : shielded(resolve, parent, args, ctx, info);
}

/**
 * The subgraph's graphql-shield middleware: deny by default, every error a coded one. Shield wraps
 * every field in an async middleware, even one it allows whatever the caller; those wrappers are
 * dropped, so that the fields of an allowed object (a statistic's thousands of cells) resolve
 * synchronously as graphql-js's defaults, not as one promise each. A field of the schema with no
 * rule never reaches this point (`accessRuleTree` refuses it), so nothing denied is unwrapped. A
 * gated field's wrapper first looks for the request's decision (`afterDecision`).
 */
export function accessShield(schema: GraphQLSchema): IMiddlewareTypeMap {
  const middleware = shield(accessRuleTree(schema), {
    fallbackRule: deny,
    fallbackError: () =>
      codedError('FORBIDDEN', 'Access denied: no rule allows this field.', { reason: 'NO_RULE' }),
    allowExternalErrors: true,
    debug: false,
  }).generate(schema) as Record<string, Record<string, unknown>>;
  for (const [name, rule] of fieldRules(schema)) {
    const [typeName, fieldName] = name.split('.') as [string, string];
    const ofType = middleware[typeName];
    if (!ofType) continue;
    const shielded = ofType[fieldName];
    if (rule?.kind !== 'scope') delete ofType[fieldName];
    else if (typeof shielded === 'function')
      ofType[fieldName] = afterDecision(rule.requirement, shielded as FieldMiddleware);
  }
  return middleware as IMiddlewareTypeMap;
}
