import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';

/** Arguments that name whose data is read. */
const SUBJECT_ARGUMENTS = new Set(['personalId', 'personalIds', 'plate']);

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
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [operation, ...fragments]) {
    visit(node, {
      Argument: (argument) => {
        if (SUBJECT_ARGUMENTS.has(argument.name.value))
          collect(valueFromASTUntyped(argument.value, variables));
      },
    });
  }
  return subjects;
}
