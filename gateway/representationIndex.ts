type Trie = Map<unknown, Trie | number>;

/** Where a path of the trie ends: no key or value of a representation is this. */
const END = Symbol('end');

const isScalar = (value: unknown): boolean =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean';

/**
 * Positions of distinct representations, each found by what it holds. A flat representation
 * (`{ __typename, upc }`: every value a string, number, boolean or null, as the plan's `requires`
 * mostly ask) is looked up key by key and value by value, in its own key order, through maps:
 * no string is built or hashed for it. Any other is looked up by its JSON, as all were before.
 * Two representations share a position only if their JSON is the same.
 */
export class RepresentationIndex {
  private readonly flat: Trie = new Map();
  private readonly byJson = new Map<string, number>();

  /** The position of the first representation equal to this one, or `position` if none was. */
  positionOf(representation: unknown, position: number): number {
    if (representation === null || typeof representation !== 'object')
      return this.byJsonText(representation, position);
    let node = this.flat;
    for (const key of Object.keys(representation)) {
      const value = (representation as Record<string, unknown>)[key];
      if (!isScalar(value)) return this.byJsonText(representation, position);
      node = step(step(node, key), value);
    }
    const found = node.get(END);
    if (typeof found === 'number') return found;
    node.set(END, position);
    return position;
  }

  private byJsonText(representation: unknown, position: number): number {
    const key = JSON.stringify(representation);
    const found = this.byJson.get(key);
    if (found !== undefined) return found;
    this.byJson.set(key, position);
    return position;
  }
}

function step(node: Trie, key: unknown): Trie {
  let next = node.get(key);
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next as Trie;
}
