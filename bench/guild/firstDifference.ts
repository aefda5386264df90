/**
 * The first place, in depth-first order, where `actual` differs from the JSON value `expected`,
 * described in a line; null when they are equal. Object key order does not matter.
 */
export function firstDifference(expected: unknown, actual: unknown, path: string): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected a list, got ${describe(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    }
    for (const [index, item] of expected.entries()) {
      const difference = firstDifference(item, actual[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    return null;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return `${path}: expected an object, got ${describe(actual)}`;
    }
    const actualFields = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actualFields)) return `${path}.${key}: missing`;
      const difference = firstDifference(value, actualFields[key], `${path}.${key}`);
      if (difference) return difference;
    }
    const extra = Object.keys(actualFields).find((key) => !(key in expected));
    return extra === undefined ? null : `${path}.${extra}: not asked for`;
  }
  return Object.is(expected, actual)
    ? null
    : `${path}: expected ${describe(expected)}, got ${describe(actual)}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
