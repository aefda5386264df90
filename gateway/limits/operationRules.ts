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

/** A rule whose errors carry `code` (armor's and graphql-js's carry none). */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context: ValidationContext) => {
    const coded = Object.create(context, {
      reportError: {
        value: (error: GraphQLError) =>
          context.reportError(
            codedError(code, error.message.replace(/^Syntax Error: /, ''), {
              http: { status: 400 },
            }),
          ),
      },
    }) as ValidationContext;
    return rule(coded);
  };
}

/**
 * Checked once per distinct document, before any subgraph is called (Apollo keeps validated
 * documents); variables do not change them. The cost, which does depend on variables, is
 * checked per request (costLimitPlugin.ts).
 */
export function operationRules(
  limits: Pick<LimitsConfig, 'maxDepth' | 'maxAliases' | 'maxDirectives'>,
  production: boolean,
): ValidationRule[] {
  const rules = [
    withCode(maxDepthRule({ n: limits.maxDepth, flattenFragments: true }), 'QUERY_TOO_DEEP'),
    withCode(maxAliasesRule({ n: limits.maxAliases }), 'TOO_MANY_ALIASES'),
    withCode(maxDirectivesRule({ n: limits.maxDirectives }), 'TOO_MANY_DIRECTIVES'),
  ];
  if (production) rules.push(withCode(NoSchemaIntrospectionCustomRule, 'INTROSPECTION_DISABLED'));
  return rules;
}
