/** No properties at all, not even Object.prototype's `__proto__` accessor. */
const NOTHING_INHERITED: object = Object.create(null);

function OwnRecord() {}
OwnRecord.prototype = NOTHING_INHERITED;

/**
 * An empty record that inherits nothing, as `Object.create(null)` is, but that V8 keeps in fast
 * mode: `Object.create(null)` makes a dictionary, whose properties cost a hash-table insert each,
 * and which JSON.stringify serialises by its slow path (listing and sorting the keys, then looking
 * each up): on The Guild's query JSON.stringify was a fifth of the gateway's instructions, mostly
 * that. Any key, `__proto__` included, is an own property once set.
 */
export const ownRecord = (): Record<string, unknown> =>
  new (OwnRecord as unknown as new () => Record<string, unknown>)();
