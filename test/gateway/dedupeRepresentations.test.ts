import { describe, expect, it } from 'vitest';
import { dedupeRepresentations } from '../../gateway/dedupeRepresentations.ts';

const rep = (upc: string) => ({ __typename: 'Product', upc });

describe('entity representation de-duplication', () => {
  it('sends each distinct entity once and fans answers and errors back out in the original order', () => {
    const variables = {
      representations: [rep('1'), rep('2'), rep('1'), rep('3'), rep('2')],
      other: 7,
    };
    const deduped = dedupeRepresentations(variables);
    expect(deduped.variables).toEqual({
      representations: [rep('1'), rep('2'), rep('3')],
      other: 7,
    });
    const expanded = deduped.expand({
      data: { _entities: [{ name: 'Table' }, null, { name: 'Chair' }] },
      errors: [{ message: 'denied', path: ['_entities', 1, 'name'] }, { message: 'elsewhere' }],
    });
    expect(expanded.data).toEqual({
      _entities: [{ name: 'Table' }, null, { name: 'Table' }, { name: 'Chair' }, null],
    });
    expect(expanded.errors).toEqual([
      { message: 'denied', path: ['_entities', 1, 'name'] },
      { message: 'denied', path: ['_entities', 4, 'name'] },
      { message: 'elsewhere' },
    ]);
  });

  it('leaves requests without duplicates, or without representations, untouched', () => {
    const distinct = { representations: [rep('1'), rep('2')] };
    expect(dedupeRepresentations(distinct).variables).toBe(distinct);
    const plain = { id: '1' };
    expect(dedupeRepresentations(plain).variables).toBe(plain);
    const response = { data: { x: 1 } };
    expect(dedupeRepresentations(plain).expand(response)).toBe(response);
  });
});
