import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Why a subgraph gave no usable answer; each is a documented code that reaches the client. */
export type FetchFailureCode =
  | 'SUBGRAPH_TIMEOUT'
  | 'SUBGRAPH_UNAVAILABLE'
  | 'SUBGRAPH_BAD_RESPONSE'
  | 'SUBGRAPH_RESPONSE_TOO_LARGE';

export class FetchFailure extends Error {
  constructor(
    readonly code: FetchFailureCode,
    message: string,
  ) {
    super(message);
  }
}

const responseNames = (selectionSet: SelectionSetNode): string[] =>
  selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      return name === '__typename' ? [] : [name];
    }
    return selection.kind === Kind.INLINE_FRAGMENT ? responseNames(selection.selectionSet) : [];
  });

const fieldsByDocument = new WeakMap<DocumentNode, { entities: boolean; fields: string[] }>();

/** What a fetch asked for: root fields, or each entity's fields when it is an `_entities` fetch. */
function requested(document: DocumentNode) {
  let known = fieldsByDocument.get(document);
  if (!known) {
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const root = operation?.selectionSet.selections[0];
    known =
      root?.kind === Kind.FIELD && root.name.value === '_entities' && root.selectionSet
        ? { entities: true, fields: [...new Set(responseNames(root.selectionSet))] }
        : { entities: false, fields: operation ? responseNames(operation.selectionSet) : [] };
    fieldsByDocument.set(document, known);
  }
  return known;
}

type PathlessError = { message: string; extensions?: Record<string, unknown> | undefined };

/**
 * One error at every field a fetch should have filled, in the subgraph's own path form
 * (`_entities`, index, field), which the gateway maps onto the client's paths and marks with the
 * service's name.
 */
export function atRequestedFields(
  error: PathlessError,
  document: DocumentNode,
  representations: number,
): (PathlessError & { path?: (string | number)[] })[] {
  const { entities, fields } = requested(document);
  const at = (path: (string | number)[]) => ({ ...error, path });
  const errors = entities
    ? Array.from({ length: representations }, (_, i) =>
        fields.map((f) => at(['_entities', i, f])),
      ).flat()
    : fields.map((f) => at([f]));
  return errors.length > 0 ? errors : [error];
}

/** The answer for a fetch that failed; the rest of the query plan still runs. */
export function failedFetch(
  failure: FetchFailure,
  document: DocumentNode,
  representations: number,
): GatewayGraphQLResponse {
  const error = { message: failure.message, extensions: { code: failure.code } };
  return { data: null, errors: atRequestedFields(error, document, representations) };
}
