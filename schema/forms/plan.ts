import { Supergraph } from '@apollo/federation-internals';
import {
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
} from 'graphql';
import type { FieldRule } from '../../kernel/access/fieldRules.ts';
import type { DataScope } from '../../kernel/access/scopes.ts';
import { subgraphFieldRules } from '../accessDoc.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs.ts';
import type { FormTemplate } from './templates.ts';

export type ResultPath = (string | number)[];

/** What the graph says about one form field, worked out once from the supergraph. */
export interface FieldPlan {
  name: string;
  path: ResultPath;
  /** The agency whose subgraph resolves the value. */
  agency: SubgraphName;
  /** The consent scope of the value itself (the deepest rule on its path); null when public. */
  scope: DataScope | null;
  /** The object whose `updatedAt` dates the value's source record. */
  recordPath: ResultPath;
}

export interface FormPlan {
  template: FormTemplate;
  document: DocumentNode;
  fields: FieldPlan[];
}

/** The API schema clients see, and each subgraph's field rules. */
export interface GraphShape {
  api: GraphQLSchema;
  rules: [SubgraphName, Map<string, FieldRule | null>][];
}

export function graphShape(supergraphSdl: string): GraphShape {
  return {
    api: Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(),
    rules: SUBGRAPH_NAMES.map((name) => [name, subgraphFieldRules(name)]),
  };
}

/** The field's rule and agency: the subgraph that gates it, or the first that declares it. */
function ruleOf(shape: GraphShape, coordinate: string) {
  let declared: SubgraphName | null = null;
  for (const [name, rules] of shape.rules) {
    const rule = rules.get(coordinate);
    if (rule === undefined) continue;
    if (rule?.kind === 'scope' || rule?.kind === 'inherited') return { agency: name, rule };
    declared ??= name;
  }
  return { agency: declared ?? 'population', rule: null };
}

const fieldNode = (selection: SelectionSetNode | undefined, name: string) =>
  selection?.selections.find(
    (s) => s.kind === Kind.FIELD && s.alias === undefined && s.name.value === name,
  ) as { selectionSet?: SelectionSetNode } | undefined;

/**
 * Checks a template against the supergraph and plans its fields. Throws, naming the template and
 * path, when the operation is invalid, a path is not in the schema or not selected, a record's
 * `updatedAt` is not selected, or the declared scopes differ from those the fields' rules name.
 */
export function planForm(template: FormTemplate, shape: GraphShape): FormPlan {
  const fail = (message: string) => new Error(`form ${template.code}: ${message}`);
  const document = parse(template.operation);
  const errors = validate(shape.api, document);
  if (errors.length > 0) throw fail(errors.map((e) => e.message).join('; '));
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations[0] as OperationDefinitionNode;
  const variables = operation.variableDefinitions?.map((v) => v.variable.name.value) ?? [];
  if (
    operations.length !== 1 ||
    operation.operation !== 'query' ||
    variables.join() !== 'personalId'
  )
    throw fail('the operation must be one query with the single variable $personalId');
  const scopes = new Set<DataScope>();
  const fields = Object.entries(template.fields).map(([name, dotted]): FieldPlan => {
    const path: ResultPath = dotted.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let type: GraphQLObjectType = shape.api.getQueryType() as GraphQLObjectType;
    let selection: SelectionSetNode | undefined = operation.selectionSet;
    let scope: DataScope | null = null;
    let agency: SubgraphName = 'population';
    let recordPath: ResultPath | null = null;
    let expectIndex = false;
    let leaf = false;
    for (const [k, segment] of path.entries()) {
      const here = path.slice(0, k + 1);
      if (typeof segment === 'number') {
        if (!expectIndex) throw fail(`${dotted}: ${segment} does not index a list`);
        expectIndex = false;
        if (type.getFields().updatedAt) recordPath = here;
        continue;
      }
      if (expectIndex) throw fail(`${dotted}: a list must be indexed, e.g. ${path[k - 1]}.0`);
      if (leaf) throw fail(`${dotted}: ${path[k - 1]} has no fields`);
      const field = type.getFields()[segment];
      if (!field) throw fail(`${dotted}: ${type.name} has no field ${segment}`);
      const node = fieldNode(selection, segment);
      if (!node) throw fail(`${dotted}: the operation does not select ${here.join('.')}`);
      const found = ruleOf(shape, `${type.name}.${segment}`);
      agency = found.agency;
      if (found.rule?.kind === 'scope' || found.rule?.kind === 'inherited') {
        scope = found.rule.requirement.scope as DataScope;
        scopes.add(scope);
      }
      const named = getNamedType(field.type);
      expectIndex = isListType(getNullableType(field.type));
      if (!isObjectType(named)) {
        leaf = true;
        continue;
      }
      type = named;
      selection = node.selectionSet;
      if (type.getFields().updatedAt) {
        if (!fieldNode(selection, 'updatedAt'))
          throw fail(`${dotted}: the operation must select updatedAt on ${here.join('.')}`);
        if (!expectIndex) recordPath = here;
      }
    }
    if (!leaf || expectIndex) throw fail(`${dotted}: a path must end at a single value`);
    if (recordPath === null) throw fail(`${dotted}: no record with updatedAt on the path`);
    return { name, path, agency, scope, recordPath };
  });
  const declared = [...template.scopes].sort().join();
  const needed = [...scopes].sort().join();
  if (declared !== needed) throw fail(`scopes are [${declared}], the fields need [${needed}]`);
  return { template, document, fields };
}
