import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { codedError } from '../../kernel/errors.ts';
import type { LimitsConfig } from './limitsConfig.ts';
import { repeatedSelectionsRule } from './repeatedSelections.ts';

const refusal = (code: string, error: GraphQLError) =>
  codedError(code, error.message.replace(/^Syntax Error: /, ''), { http: { status: 400 } });

/** Armor's options that report a refusal with `code` instead of throwing an uncoded error. */
const reportAs = (code: string) => ({
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(refusal(code, error)),
  ],
});

/** graphql-js's rule, its errors carrying `code`. */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context) =>
    rule(
      Object.create(context, {
        reportError: { value: (error: GraphQLError) => context.reportError(refusal(code, error)) },
      }),
    );
}

/**
 * Checked once per distinct document, before any subgraph is called (Apollo keeps validated
 * documents). The cost, which depends on variables, is checked per request (costLimitPlugin.ts),
 * and tokens while parsing (Apollo's parseOptions).
 */
export function operationRules(
  limits: Pick<LimitsConfig, 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxFieldRepeats'>,
  production: boolean,
): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reportAs('QUERY_TOO_DEEP') }),
    maxAliasesRule({
      n: limits.maxAliases,
      // armor lets __typename be aliased without count; 300 of them still cost an answer each.
      allowList: [],
      ...reportAs('TOO_MANY_ALIASES'),
    }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('TOO_MANY_DIRECTIVES') }),
    repeatedSelectionsRule(limits.maxFieldRepeats),
  ];
  if (production) rules.push(withCode(NoSchemaIntrospectionCustomRule, 'INTROSPECTION_DISABLED'));
  return rules;
}
