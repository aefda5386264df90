import type {
  FetchNode,
  PlanNode,
  QueryPlanSelectionNode,
  ResponsePath,
} from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';
import type { AgencyDataSource } from '../agencyDataSource.ts';
import type { GatewayContext } from '../context.ts';

type Entity = Record<string, unknown>;

/** What a plan's fetch is sent through: the gateway's data source for that subgraph. */
export type FetchService = Pick<AgencyDataSource, 'process'>;

/** Where a plan node works: its path in the answer and the objects found there. */
interface Cursor {
  path: ResponsePath;
  data: unknown;
  fullResult: Entity;
}

/** One run of a plan: what it reads with and what its fetches collect. */
export interface PlanRun {
  services: ReadonlyMap<string, FetchService>;
  context: GatewayContext;
  variables: Record<string, unknown>;
  /** The subgraphs' errors re-rooted at the client's paths, each with its service's name. */
  errors: GraphQLFormattedError[];
}

/**
 * Whether `runPlan` executes this node exactly as @apollo/gateway's `executeQueryPlan` would:
 * fetches, sequences, parallels and flattens over services we hold, with no data rewrites.
 */
export function isDirectlyExecutable(
  node: PlanNode,
  services: ReadonlyMap<string, FetchService>,
): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every((child) => isDirectlyExecutable(child, services));
    case 'Flatten':
      return isDirectlyExecutable(node.node, services);
    case 'Fetch':
      return (
        services.has(node.serviceName) &&
        node.operationKind === 'query' &&
        !node.inputRewrites?.length &&
        !node.outputRewrites?.length &&
        !node.contextRewrites?.length
      );
    default:
      return false;
  }
}

/** Runs the plan's node into `data`, the subgraphs' answers merged as the gateway merges them. */
export async function runPlan(run: PlanRun, node: PlanNode, data: Entity): Promise<void> {
  await executeNode(run, node, { path: [], data, fullResult: data });
}

async function executeNode(run: PlanRun, node: PlanNode, cursor: Cursor | undefined) {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(run, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      // As the gateway does: a failed fetch is an error of the answer, the rest of the plan runs.
      try {
        return await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push({
          message: (error as Error).message,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
        return;
      }
    default:
      throw new Error(`a ${node.kind} node is not run outside the gateway`);
  }
}

async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor) {
  const entities = (Array.isArray(cursor.data) ? cursor.data : [cursor.data]).filter(
    (e): e is Entity => e !== null && e !== undefined,
  );
  if (entities.length === 0) return;
  const variables: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? [])
    if (run.variables[name] !== undefined) variables[name] = run.variables[name];
  if (!fetch.requires) {
    const received = await send(run, fetch, cursor, variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  const representations: Entity[] = [];
  const toEntity: number[] = [];
  for (const [k, entity] of entities.entries()) {
    const representation = selectionOf(entity, fetch.requires);
    if (representation?.__typename) {
      representations.push(representation);
      toEntity.push(k);
    }
  }
  if (representations.length === 0) return;
  const received = await send(run, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const found = received._entities;
  if (!Array.isArray(found) || found.length !== representations.length)
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (const [i, entity] of (found as (Entity | null)[]).entries()) {
    const existing = entities[toEntity[i] as number] as Entity;
    if (entity && !entity.__typename) entity.__typename = existing.__typename;
    deepMerge(existing, entity);
  }
}

async function send(
  run: PlanRun,
  fetch: FetchNode,
  cursor: Cursor,
  variables: Record<string, unknown>,
): Promise<Entity | null | undefined> {
  const service = run.services.get(fetch.serviceName) as FetchService;
  const response = await service.process({
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    context: run.context,
    document: fetch.operationDocumentNode,
  });
  if (response.errors) {
    const pathOf = errorPaths(fetch, cursor);
    for (const error of response.errors)
      run.errors.push(downstreamError(error, fetch.serviceName, pathOf));
  }
  return response.data as Entity | null | undefined;
}

/** A subgraph's error as the gateway hands it on: the client's path, the service, a code. */
function downstreamError(
  error: GraphQLFormattedError,
  serviceName: string,
  pathOf: (path: GraphQLFormattedError['path']) => ResponsePath | undefined,
): GraphQLFormattedError {
  const message = error.message || `Error while fetching subquery from service "${serviceName}"`;
  const path = pathOf(error.path);
  const code = error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR';
  const extensions = { ...error.extensions, serviceName, code };
  return path ? { message, path, extensions } : { message, extensions };
}

/** An `_entities` error's path becomes the path of the entity it concerns, as the gateway does. */
function errorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: ResponsePath[] | undefined;
  return (path: GraphQLFormattedError['path']): ResponsePath | undefined => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

function hydratePaths(
  parent: ResponsePath,
  path: ResponsePath,
  data: unknown,
  out: ResponsePath[],
) {
  if (data === null || data === undefined) return;
  const [head, ...rest] = path;
  if (head === undefined) out.push([...parent]);
  else if (head === '@' || (typeof head === 'string' && Array.isArray(data))) {
    if (!Array.isArray(data)) throw new Error('expected an array at `@`');
    for (const [i, value] of data.entries())
      hydratePaths([...parent, i], head === '@' ? rest : path, value, out);
  } else if (typeof head === 'string' && Object.hasOwn(data as Entity, head))
    hydratePaths([...parent, head], rest, (data as Entity)[head], out);
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAt(cursor.data, path);
  return data
    ? { path: [...cursor.path, ...path], data, fullResult: cursor.fullResult }
    : undefined;
}

function flattenAt(value: unknown, path: ResponsePath): unknown {
  if (path.length === 0 || value === undefined || value === null) return value;
  const [head, ...rest] = path;
  if (head === '@') return (value as unknown[]).flatMap((item) => flattenAt(item, rest));
  const own = Object.hasOwn(value as Entity, head as string);
  return flattenAt(own ? (value as Entity)[head as string] : undefined, rest);
}

/** The entity's key fields a `requires` selection names, or null when one is missing. */
function selectionOf(
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Entity | null {
  if (source === null || source === undefined) return null;
  const result: Entity = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const value = Object.hasOwn(source, name) ? (source as Entity)[name] : undefined;
      if (value === undefined) return null;
      const nested = selection.selections;
      result[name] = Array.isArray(value)
        ? value.map((v) => (nested ? selectionOf(v, nested) : v))
        : nested && value !== null
          ? selectionOf(value, nested)
          : value;
    } else if (
      selection.typeCondition &&
      selection.typeCondition === (source as Entity).__typename
    ) {
      deepMerge(result, selectionOf(source, selection.selections));
    }
  }
  return result;
}

const isObject = (value: unknown): value is Entity =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** @apollo/gateway's `deepMerge`: objects field by field, lists of equal length item by item. */
function deepMerge(target: Entity, source: Entity | null | undefined): Entity {
  if (source === null || source === undefined) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(target, key) && key in target)
      Object.defineProperty(target, key, { configurable: true, enumerable: true, writable: true });
    const existing = target[key];
    if (existing && isObject(value)) deepMerge(existing as Entity, value);
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (const [i, item] of value.entries()) {
        if (isObject(existing[i]) && isObject(item)) deepMerge(existing[i], item);
        else existing[i] = item;
      }
    } else target[key] = value;
  }
  return target;
}
