import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  type ValueNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';

/** Arguments that name whose data is read. */
const SUBJECT_ARGUMENTS = new Set(['personalId', 'personalIds', 'plate']);

/**
 * The subject arguments' values as written in an operation and its fragments, found once per
 * operation: Apollo Server hands every request with the same text the same parsed document.
 */
const subjectValues = new WeakMap<OperationDefinitionNode, ValueNode[]>();

function subjectValuesOf(document: DocumentNode, operation: OperationDefinitionNode): ValueNode[] {
  let values = subjectValues.get(operation);
  if (values) return values;
  const found: ValueNode[] = [];
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [operation, ...fragments]) {
    visit(node, {
      Argument: (argument) => {
        if (SUBJECT_ARGUMENTS.has(argument.name.value)) found.push(argument.value);
      },
    });
  }
  values = found;
  subjectValues.set(operation, values);
  return values;
}

/** The personal IDs and plates an operation names, literally or through its variables. */
export function operationSubjects(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): string[] {
  const subjects: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') subjects.push(value);
    else if (Array.isArray(value)) for (const v of value) collect(v);
  };
  for (const value of subjectValuesOf(document, operation))
    collect(valueFromASTUntyped(value, variables));
  return subjects;
}
