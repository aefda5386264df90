// Representations are de-duplicated by what they hold: flat ones through maps, others by their
// JSON. Whatever the mix, two share a position exactly when their JSON is the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RepresentationIndex } from '../../gateway/representationIndex.ts';

/** Values JSON keeps as they are (no undefined, NaN or Infinity, which it turns into others). */
const scalar = fc.oneof(
  fc.constantFrom('1', '2', 1, 2, 0, -0, 1.5, true, false, null, '', 'a\u0000b', '"'),
  fc.string({ maxLength: 3 }),
);
const keys = fc.constantFrom('__typename', 'id', 'upc', 'a\u0000', '__proto__', 'constructor');
const flat = fc.dictionary(keys, scalar, { maxKeys: 3 });
const nested = fc.dictionary(keys, fc.oneof(scalar, flat, fc.array(scalar, { maxLength: 2 })), {
  maxKeys: 3,
});
const representation = fc.oneof(flat, flat, nested);

function positions(representations: unknown[]): number[] {
  const index = new RepresentationIndex();
  return representations.map((r, i) => index.positionOf(r, i));
}

describe('representation index', () => {
  it('gives two representations one position exactly when their JSON is the same', () => {
    fc.assert(
      fc.property(fc.array(representation, { maxLength: 30 }), (representations) => {
        const found = positions(representations);
        const firstByJson = new Map<string, number>();
        representations.forEach((r, i) => {
          const json = JSON.stringify(r);
          if (!firstByJson.has(json)) firstByJson.set(json, i);
          expect(found[i]).toBe(firstByJson.get(json));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart what only looks alike: types, key order, keys and values run together', () => {
    const representations = [
      { __typename: 'Product', upc: '1' },
      { __typename: 'Product', upc: 1 },
      { upc: '1', __typename: 'Product' },
      { __typename: 'Product', upc: '1' },
      { a: 'b', c: 'd' },
      { ab: '', c: 'd' },
      { a: null },
      { a: 'null' },
      { a: {} },
      { a: [] },
      { a: [] },
    ];
    expect(positions(representations)).toEqual([0, 1, 2, 0, 4, 5, 6, 7, 8, 9, 9]);
  });
});
