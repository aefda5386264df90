import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { RepresentationIndex } from './representationIndex.ts';

interface Deduped {
  variables: Record<string, unknown> | undefined;
  /** Puts the answer back in the shape of the original, duplicated request. */
  expand(response: GatewayGraphQLResponse): GatewayGraphQLResponse;
}

const unchanged = (variables: Record<string, unknown> | undefined): Deduped => ({
  variables,
  expand: (response) => response,
});

/**
 * The query planner sends one representation per occurrence of an entity (a product reviewed ten
 * times is asked for ten times). Sends each distinct one once and fans the answers back out.
 */
export function dedupeRepresentations(variables: Record<string, unknown> | undefined): Deduped {
  const representations = variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return unchanged(variables);
  const index = new RepresentationIndex();
  const unique: unknown[] = [];
  const uniqueIndexOf = representations.map((representation) => {
    const position = index.positionOf(representation, unique.length);
    if (position === unique.length) unique.push(representation);
    return position;
  });
  if (unique.length === representations.length) return unchanged(variables);
  return {
    variables: { ...variables, representations: unique },
    expand: (response) => {
      const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
      const data = Array.isArray(entities)
        ? { ...response.data, _entities: uniqueIndexOf.map((k) => entities[k] ?? null) }
        : response.data;
      const errors = response.errors?.flatMap((error) => {
        const [root, at, ...rest] = error.path ?? [];
        if (root !== '_entities' || typeof at !== 'number') return [error];
        return uniqueIndexOf.flatMap((k, original) =>
          k === at ? [{ ...error, path: ['_entities', original, ...rest] }] : [],
        );
      });
      return { ...response, data, ...(errors ? { errors } : {}) };
    },
  };
}
