import type { GraphQLSchema } from 'graphql';
import { allow, deny, shield } from 'graphql-shield';
import { fieldRules } from '../../kernel/access/fieldRules.ts';
import { codedError } from '../../kernel/errors.ts';

/**
 * The forms subgraph's graphql-shield middleware, from the `@access` and `@public` directives of
 * its SDL: deny by default, a field without a rule refused at start-up. It holds no citizen data
 * and reads no consent, so it cannot decide a scope: a scoped field is refused too, and the values
 * its fields return are decided by the agencies' subgraphs in the form's own operation.
 */
export function formsShield(schema: GraphQLSchema) {
  const tree: Record<string, Record<string, typeof allow>> = {};
  for (const [name, rule] of fieldRules(schema)) {
    if (rule === null) throw new Error(`forms: ${name} has no access rule`);
    if (rule.kind !== 'public' && rule.kind !== 'federation')
      throw new Error(`forms: ${name} names a scope, which only an agency's subgraph decides`);
    const [typeName, fieldName] = name.split('.') as [string, string];
    tree[typeName] ??= {};
    tree[typeName][fieldName] = allow;
  }
  return shield(tree, {
    fallbackRule: deny,
    fallbackError: () =>
      codedError('FORBIDDEN', 'Access denied: no rule allows this field.', { reason: 'NO_RULE' }),
    allowExternalErrors: true,
    debug: false,
  });
}
