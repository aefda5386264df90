import { buildSubgraphSchema } from '@apollo/subgraph';
import { BREAK, type DocumentNode, Kind, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { RequestIdentity } from '../../kernel/access/caller.ts';
import { type FieldRule, fieldRules } from '../../kernel/access/fieldRules.ts';
import { STATISTICS_SCOPE } from '../../kernel/access/scopes.ts';
import { SUBGRAPH_NAMES, type SubgraphName, subgraphSdl } from '../../schema/subgraphs.ts';

/**
 * Whose identical fetches may share one upstream call: everyone's (`public`: only `@public` fields,
 * which no rule decides and no audit records), the same caller's with the same purpose
 * (`statistics`: aggregates, decided by the caller alone), or no one's (`none`: citizen data, whose
 * decisions and audit records belong to each request).
 */
export type FetchSharing = 'public' | 'statistics' | 'none';

/** Differentially private statistics debit each request's budget: never shared. */
const PRIVACY_ARGUMENT = 'privacy';

function classify(
  document: DocumentNode,
  typeInfo: TypeInfo,
  rules: Map<string, FieldRule | null>,
) {
  let sharing: FetchSharing = 'public';
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== 'query') sharing = 'none';
        return sharing === 'none' ? BREAK : undefined;
      },
      Field(node) {
        if (node.name.value.startsWith('__')) return undefined;
        const parent = typeInfo.getParentType();
        const rule = parent && rules.get(`${parent.name}.${node.name.value}`);
        if (!rule || rule.kind === 'public' || rule.kind === 'federation') {
          if (!rule) sharing = 'none';
          return sharing === 'none' ? BREAK : undefined;
        }
        const statistics =
          rule.requirement.scope === STATISTICS_SCOPE &&
          !node.arguments?.some((a) => a.name.value === PRIVACY_ARGUMENT);
        sharing = statistics ? 'statistics' : 'none';
        return statistics ? undefined : BREAK;
      },
    }),
  );
  return sharing;
}

/** A subgraph's fetches classified by its own SDL's rules, each document once. */
export function fetchClassifier(name: string): (document: DocumentNode) => FetchSharing {
  if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) return () => 'none';
  const schema = buildSubgraphSchema({ typeDefs: parse(subgraphSdl(name as SubgraphName)) });
  const rules = fieldRules(schema);
  const known = new WeakMap<DocumentNode, FetchSharing>();
  return (document) => {
    let sharing = known.get(document);
    if (sharing === undefined) {
      sharing = classify(document, new TypeInfo(schema), rules);
      known.set(document, sharing);
    }
    return sharing;
  };
}

const isQuery = (document: DocumentNode) =>
  document.definitions.every(
    (d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query',
  );

/** What a statistics answer depends on: everything the subgraph's token says but the request id. */
const callerClass = ({ caller, purpose }: RequestIdentity) => JSON.stringify([caller, purpose]);

/**
 * The key under which a fetch (its JSON body, as sent) may share an upstream call, or null when it
 * must be sent on its own. With access control off no answer depends on the caller.
 */
export function shareKey(
  classify: (document: DocumentNode) => FetchSharing,
  document: DocumentNode,
  request: { accessControl?: boolean; identity?: RequestIdentity },
  body: string,
): string | null {
  if (!isQuery(document)) return null;
  if (request.accessControl === false) return body;
  switch (classify(document)) {
    case 'public':
      return `public\n${body}`;
    case 'statistics':
      return request.identity ? `statistics\n${callerClass(request.identity)}\n${body}` : null;
    case 'none':
      return null;
  }
}
