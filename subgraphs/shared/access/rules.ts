import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { allow, deny, type IRule, type IRules, rule, shield } from 'graphql-shield';
import type { DenyReason, Requirement } from '../../../kernel/access/decide.ts';
import { fieldRules } from '../../../kernel/access/fieldRules.ts';
import { STATISTICS_SCOPE } from '../../../kernel/access/scopes.ts';
import { codedError } from '../../../kernel/errors.ts';
import type { AccessContext } from './accessContext.ts';
import { anticipate, SUBJECT_ARGUMENTS } from './anticipate.ts';

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

type FieldMiddleware = (
  resolve: (parent: unknown, args: unknown, ctx: unknown, info: unknown) => unknown,
  parent: { personalId?: string } | undefined,
  args: { personalId?: string } & Record<string, unknown>,
  ctx: { access: AccessContext },
  info: unknown,
) => unknown;

/** The citizen a field's data belongs to: its parent's, or the one its arguments name. */
const subjectOf = (parent: { personalId?: string } | undefined, args: { personalId?: string }) =>
  parent?.personalId ?? args.personalId ?? null;

/** A statistic's audit record names the statistic where a citizen's names the citizen. */
const statisticSubject = (info: GraphQLResolveInfo) =>
  `statistic:${info.parentType.name}.${info.fieldName}`;

/**
 * Shield's wrapper makes every gated field asynchronous, and 100 citizens × 20 identity fields is
 * 2,000 promises. Once this request has allowed this subject for this requirement (the rule ran,
 * and its decision is recorded for audit), the same field of the same subject resolves directly;
 * a first check, and every denial, still goes through shield.
 */
const decidedFastPath =
  (requirement: Requirement, shielded: FieldMiddleware): FieldMiddleware =>
  (resolve, parent, args, ctx, info) => {
    return ctx.access.decided(subjectOf(parent, args), requirement)?.allowed === true
      ? resolve(parent, args, ctx, info)
      : shielded(resolve, parent, args, ctx, info);
  };

/**
 * The graphql-shield middleware for a subgraph (for graphql-middleware's `applyMiddleware`): deny
 * by default, and refuse to start when a field has no rule. Subject-dependent rules use no shield cache: decisions are memoised per subject in
 * the access context instead, which also records them for audit.
 */
export function accessShield(schema: GraphQLSchema) {
  const rules = fieldRules(schema);
  const missing = [...rules].filter(([, r]) => r === null).map(([name]) => name);
  if (missing.length > 0) throw new Error(`fields without an access rule: ${missing.join(', ')}`);
  const scopeRules = new Map<string, IRule>();
  const ruleFor = (requirement: Requirement): IRule => {
    const key = `${requirement.scope}:${requirement.level}`;
    let compiled = scopeRules.get(key);
    if (!compiled) {
      compiled = rule(`access:${key}`, { cache: 'no_cache' })(
        async (
          parent: { personalId?: string } | undefined,
          args: { personalId?: string },
          ctx: { access: AccessContext },
          info: GraphQLResolveInfo,
        ) => {
          const subject =
            requirement.scope === STATISTICS_SCOPE
              ? statisticSubject(info)
              : subjectOf(parent, args);
          const decision = await ctx.access.check(subject, requirement);
          return decision.allowed ? true : forbidden(decision.reason, requirement);
        },
      );
      scopeRules.set(key, compiled);
    }
    return compiled;
  };
  const tree: Record<string, Record<string, IRule>> = {};
  for (const [name, fieldRule] of rules) {
    const [typeName, fieldName] = name.split('.') as [string, string];
    tree[typeName] ??= {};
    tree[typeName][fieldName] =
      fieldRule?.kind === 'scope' ? ruleFor(fieldRule.requirement) : (allow as unknown as IRule);
  }
  const generator = shield(tree as IRules, {
    fallbackRule: deny,
    fallbackError: () =>
      codedError('FORBIDDEN', 'Access denied: no rule allows this field.', { reason: 'NO_RULE' }),
    allowExternalErrors: true,
    debug: false,
  });
  // A field whose rule is `allow` gains nothing from shield's wrapper, and every wrapped field
  // resolves asynchronously — the largest cost of a 100-citizen answer. Only gated fields keep
  // it; a field missing from the tree would keep shield's deny fallback (and is refused above).
  const middleware = generator.generate(schema) as Record<string, Record<string, FieldMiddleware>>;
  for (const [name, fieldRule] of rules) {
    const [typeName, fieldName] = name.split('.') as [string, string];
    const fields = middleware[typeName];
    const shielded = fields?.[fieldName];
    if (!fields || !shielded) continue;
    if (fieldRule?.kind === 'scope')
      fields[fieldName] = decidedFastPath(fieldRule.requirement, shielded);
    else delete fields[fieldName];
  }
  // Entry points that name their citizens decide those citizens' fields before reading them.
  const query = schema.getQueryType();
  const entryPoints = Object.values(query?.getFields() ?? {}).filter((field) =>
    field.args.some((a) => SUBJECT_ARGUMENTS.has(a.name)),
  );
  const queryName = query?.name ?? 'Query';
  middleware[queryName] ??= {};
  const fields = middleware[queryName];
  for (const field of entryPoints) {
    const inner = fields[field.name];
    fields[field.name] = (resolve, parent, args, ctx, info) => {
      anticipate(rules, ctx.access, args, info as GraphQLResolveInfo);
      return inner ? inner(resolve, parent, args, ctx, info) : resolve(parent, args, ctx, info);
    };
  }
  return middleware;
}
