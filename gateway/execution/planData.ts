import { assert } from '@apollo/federation-internals';
import type { QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import { ownRecord } from './ownRecord.ts';

// @apollo/gateway's helpers over the answer's data as a plan fills it, for `planRunner.ts`.

type Entity = Record<string, unknown>;

/** @apollo/gateway's `generateHydratedPaths`: the concrete path of each entity a flatten reached. */
export function hydratePaths(
  parent: (string | number)[],
  path: ResponsePath,
  at: number,
  data: unknown,
  out: ResponsePath[],
) {
  if (data === null || data === undefined) return;
  const head = path[at];
  if (head === undefined) out.push(parent.slice());
  else if (head === '@') {
    assert(Array.isArray(data), 'expected array when encountering `@`');
    for (const [i, value] of data.entries()) {
      parent.push(i);
      hydratePaths(parent, path, at + 1, value, out);
      parent.pop();
    }
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      for (const [i, value] of data.entries()) {
        parent.push(i);
        hydratePaths(parent, path, at, value, out);
        parent.pop();
      }
    } else if (Object.hasOwn(data as Entity, head)) {
      parent.push(head);
      hydratePaths(parent, path, at + 1, (data as Entity)[head], out);
      parent.pop();
    }
  } else assert(false, `unknown path part "${head}"`);
}

export function flattenAt(value: unknown, path: ResponsePath, at: number): unknown {
  if (at === path.length || value === undefined || value === null) return value;
  const head = path[at];
  if (head === '@') {
    // What the gateway throws on a value that is not a list, message and all.
    if (!Array.isArray(value)) return (value as unknown[]).flatMap(() => []);
    const items: unknown[] = [];
    for (const item of value as unknown[]) {
      const found = flattenAt(item, path, at + 1);
      if (Array.isArray(found)) for (const f of found) items.push(f);
      else items.push(found);
    }
    return items;
  }
  if (typeof head !== 'string') assert(false, `Unexpected ${typeof head} found in path`);
  if (Array.isArray(value)) assert(false, `Unexpected array in result for path element ${head}`);
  const own = Object.hasOwn(value as Entity, head as string);
  return flattenAt(own ? (value as Entity)[head as string] : undefined, path, at + 1);
}

/** @apollo/gateway's `executeSelectionSet` over object type conditions (`isRunnable`). */
export function selectionOf(
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Entity | null {
  if (source === null) return null;
  const result = ownRecord();
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      const value = Object.hasOwn(source as Entity, name) ? (source as Entity)[name] : undefined;
      if (value === undefined) return null;
      const nested = selection.selections;
      if (Array.isArray(value))
        result[name] = value.map((v) => (nested ? selectionOf(v, nested) : v));
      else result[name] = nested ? selectionOf(value, nested) : value;
    } else if (
      selection.typeCondition &&
      source &&
      (source as Entity).__typename &&
      (source as Entity).__typename === selection.typeCondition
    ) {
      deepMerge(result, selectionOf(source, selection.selections));
    }
  }
  return result;
}

const isObject = (value: unknown): value is Entity =>
  value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/** @apollo/gateway's `deepMerge`. */
export function deepMerge(target: Entity, source: Entity | null | undefined): Entity {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(target, key) && key in target)
      Object.defineProperty(target, key, {
        configurable: true,
        enumerable: true,
        value: undefined,
        writable: true,
      });
    const existing = target[key];
    if (existing && isObject(value)) deepMerge(existing as Entity, value);
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i], value[i]);
        else existing[i] = value[i];
      }
    } else target[key] = value;
  }
  return target;
}
