import type {
  FetchNode,
  PlanNode,
  QueryPlanSelectionNode,
  ResponsePath,
} from '@apollo/query-planner';
import { type GraphQLFormattedError, type GraphQLSchema, isObjectType } from 'graphql';
import { ownRecord } from './ownRecord.ts';
import { deepMerge, flattenAt, hydratePaths, selectionOf } from './planData.ts';

type Entity = Record<string, unknown>;

/** A subgraph's answer to one fetch. */
export interface FetchResponse {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/**
 * What a run's fetches are sent through and what their errors become: all that the gateway's
 * direct execution (`serviceMapChannel.ts`) and a form's prefill (`forms/agencyChannel.ts`)
 * run differently. `Context` is what each fetch is sent with, `Failure` an error of the answer.
 */
export interface FetchChannel<Context, Failure> {
  /** Whether it has a subgraph of this name to send to. */
  serves(serviceName: string): boolean;
  /** Sends a fetch's operation; `path` is where in the answer the fetch's data goes. */
  send(
    context: Context,
    fetch: FetchNode,
    variables: Entity,
    path: ResponsePath,
  ): Promise<FetchResponse>;
  /** A subgraph's error, its path re-rooted at the client's, as this channel hands it on. */
  downstreamError(
    error: GraphQLFormattedError,
    message: string,
    serviceName: string,
    path: ResponsePath | undefined,
  ): Failure;
  /** What a fetch that threw (or whose answer the merge refused) becomes. */
  fetchFailed(error: unknown): Failure;
}

/** One run of a plan: what it sends through and with, and the errors its fetches collect. */
export interface PlanRun<Context, Failure> {
  channel: FetchChannel<Context, Failure>;
  context: Context;
  /** The client's variables, of which each fetch takes those it uses. */
  variables: Readonly<Record<string, unknown>> | undefined;
  errors: Failure[];
}

interface Cursor {
  path: ResponsePath;
  data: unknown;
  fullResult: Entity;
}

/**
 * Whether `runPlan` runs this node as @apollo/gateway's `executeQueryPlan` would: fetches,
 * sequences, parallels and flattens, no conditions or deferrals, no data rewrites, and entity
 * representations whose type conditions are object types of the API schema (so matching one is
 * comparing `__typename`); given a channel, only fetches to subgraphs it serves.
 */
export function isRunnable(
  node: PlanNode,
  schema: GraphQLSchema,
  channel?: Pick<FetchChannel<unknown, unknown>, 'serves'>,
): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every((child) => isRunnable(child, schema, channel));
    case 'Flatten':
      return isRunnable(node.node, schema, channel);
    case 'Fetch':
      return (
        (!channel || channel.serves(node.serviceName)) &&
        node.operationKind === 'query' &&
        !node.inputRewrites?.length &&
        !node.outputRewrites?.length &&
        !node.contextRewrites?.length &&
        (node.requires ?? []).every((selection) => objectConditions(selection, schema))
      );
    default:
      return false;
  }
}

function objectConditions(selection: QueryPlanSelectionNode, schema: GraphQLSchema): boolean {
  if (selection.kind === 'Field')
    return (selection.selections ?? []).every((s) => objectConditions(s, schema));
  return (
    (!selection.typeCondition || isObjectType(schema.getType(selection.typeCondition))) &&
    selection.selections.every((s) => objectConditions(s, schema))
  );
}

/**
 * Runs a plan node into `data` as @apollo/gateway's `executeQueryPlan` does (its `executeNode`,
 * `executeFetch` and helpers, without the no-op spans and usage traces this gateway never
 * records): the same fetches, merges, errors and paths, each fetch sent through the run's channel.
 */
export async function runPlan<C, F>(run: PlanRun<C, F>, node: PlanNode, data: Entity) {
  await executeNode(run, node, { path: [], data, fullResult: data });
}

async function executeNode<C, F>(run: PlanRun<C, F>, node: PlanNode, cursor: Cursor | undefined) {
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
      // A failed fetch is an error of the answer; the rest of the plan runs.
      try {
        await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(run.channel.fetchFailed(error));
      }
      return;
    default:
      throw new Error(`a ${node.kind} node is left to @apollo/gateway`);
  }
}

async function executeFetch<C, F>(run: PlanRun<C, F>, fetch: FetchNode, cursor: Cursor) {
  if (!run.channel.serves(fetch.serviceName))
    throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = Array.isArray(cursor.data)
    ? (cursor.data as unknown[]).filter((e) => e !== null && e !== undefined)
    : [cursor.data];
  if (entities.length < 1) return;
  const variables = ownRecord();
  const provided = run.variables;
  for (const name of fetch.variableUsages ?? [])
    if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined)
      variables[name] = provided[name];
  const send = async (variables: Entity): Promise<Entity | null | undefined> => {
    const response = await run.channel.send(run.context, fetch, variables, cursor.path);
    if (response.errors) {
      const pathOf = lazyErrorPaths(fetch, cursor);
      for (const error of response.errors) {
        const message =
          error.message || `Error while fetching subquery from service "${fetch.serviceName}"`;
        const path = pathOf(error.path);
        run.errors.push(run.channel.downstreamError(error, message, fetch.serviceName, path));
      }
    }
    return response.data as Entity | null | undefined;
  };
  if (!fetch.requires) {
    const received = await send(variables);
    for (const entity of entities) deepMerge(entity as Entity, received);
    return;
  }
  const representations: Entity[] = [];
  const representationToEntity: number[] = [];
  for (let i = 0; i < entities.length; i++) {
    const representation = selectionOf(entities[i] as Entity, fetch.requires);
    if (representation?.__typename) {
      representations.push(representation);
      representationToEntity.push(i);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables)
    throw new Error(`Variables cannot contain key "representations"`);
  const received = await send({ ...variables, representations });
  if (!received) return;
  if (!(received._entities && Array.isArray(received._entities)))
    throw new Error(`Expected "data._entities" in response to be an array`);
  const found = received._entities as (Entity | null | undefined)[];
  if (found.length !== representations.length)
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < found.length; i++) {
    const entity = found[i];
    const existing = entities[representationToEntity[i] as number] as Entity;
    if (entity && !entity.__typename) entity.__typename = existing.__typename;
    deepMerge(existing, entity);
  }
}

function lazyErrorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: ResponsePath[] | undefined;
  return (path: GraphQLFormattedError['path']): ResponsePath | undefined => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, 0, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenAt(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}
