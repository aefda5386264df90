import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { type FieldRule, fieldRules } from '../kernel/access/fieldRules.ts';
import { COMPOSED_SUBGRAPH_NAMES, type ComposedSubgraphName, composedSdl } from './subgraphs.ts';

export const ACCESS_DOC_URL = new URL('../docs/ACCESS.md', import.meta.url);

export function subgraphFieldRules(name: ComposedSubgraphName): Map<string, FieldRule | null> {
  return fieldRules(buildSubgraphSchema({ typeDefs: parse(composedSdl(name)) }));
}

const describeRule = (rule: FieldRule | null): string => {
  if (rule === null) return '**none: unreachable (denied by default)**';
  switch (rule.kind) {
    case 'scope':
      return `\`${rule.requirement.scope}\`${rule.requirement.level === 2 ? ', account level 2' : ''}`;
    case 'inherited':
      return `covered by the field that returned it (\`${rule.requirement.scope}\`)`;
    case 'public':
      return 'any authenticated caller';
    case 'federation':
      return 'federation plumbing (gateway-signed requests only)';
  }
};

/** docs/ACCESS.md: every field of every subgraph with the rule its SDL declares. */
export function accessDoc(): string {
  const lines = [
    '# Access rules by field',
    '',
    'Generated from the `@access` and `@public` directives in `schema/*.graphql` by',
    '`npm run compose`; a test fails when this file is stale or a field has no rule.',
    'Decisions: `kernel/access/decide.ts`.',
  ];
  for (const name of COMPOSED_SUBGRAPH_NAMES) {
    lines.push('', `## ${name}`, '', '| field | rule |', '| --- | --- |');
    for (const [field, rule] of subgraphFieldRules(name))
      lines.push(`| \`${field}\` | ${describeRule(rule)} |`);
  }
  return `${lines.join('\n')}\n`;
}
