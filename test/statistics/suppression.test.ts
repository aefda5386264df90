import { describe, expect, it } from 'vitest';
import {
  CURRENT_PROVINCES,
  PROVINCES,
  predecessorsOf,
  successorOf,
} from '../../db/domain/provinces.ts';
import {
  recoverableEquations,
  suppressedCells,
} from '../../subgraphs/shared/statistics/suppression.ts';
import { NATION, publishFamily } from '../../subgraphs/shared/statistics/tables.ts';

describe('provinces', () => {
  it('maps each of the 63 former provinces into one of the 34 in force', () => {
    expect(PROVINCES).toHaveLength(63);
    expect(CURRENT_PROVINCES).toHaveLength(34);
    const formed = CURRENT_PROVINCES.flatMap((p) => predecessorsOf(p.code).map((f) => f.code));
    expect(new Set(formed).size).toBe(63);
  });

  it('reads a residence code the same whether written before or after the merger', () => {
    for (const p of CURRENT_PROVINCES) expect(successorOf(p.code)).toBe(p.code);
  });
});

describe('cell suppression', () => {
  it('withholds a second cell of a row, and of its column, when one is below k', () => {
    // a 2×2 table with margins: cell a is 3 < k
    const values = new Map([
      ['a', 3],
      ['b', 40],
      ['ra', 43],
      ['c', 50],
      ['d', 60],
      ['rc', 110],
      ['ca', 53],
      ['cb', 100],
      ['t', 153],
    ]);
    const equations = [
      ['a', 'b', 'ra'],
      ['c', 'd', 'rc'],
      ['ca', 'cb', 't'],
      ['a', 'c', 'ca'],
      ['b', 'd', 'cb'],
      ['ra', 'rc', 't'],
    ];
    const hidden = suppressedCells({ values, equations }, 10);
    expect(hidden.has('a')).toBe(true);
    expect(recoverableEquations(equations, hidden)).toEqual([]);
    expect(hidden.size).toBeGreaterThanOrEqual(4);
    expect(hidden.has('t')).toBe(false);
  });

  it('publishes tables of a family with one set of totals, none recoverable', () => {
    const tallies = CURRENT_PROVINCES.flatMap((p, k) => [
      { province: p.code, category: 'X', count: k % 7 === 0 ? 4 : 20 + k },
      { province: p.code, category: 'Y', count: 30 },
    ]);
    const other = tallies.map((t) => ({ ...t, category: t.category === 'X' ? 'P' : 'Q' }));
    const published = publishFamily(
      [
        { name: 'one', categories: ['X', 'Y', 'Z'], tallies },
        { name: 'two', categories: [], tallies: other },
      ],
      10,
    );
    const nation = published.get('one')?.get(NATION);
    expect(nation?.cells.find((c) => c.category === 'Z')).toEqual({
      category: 'Z',
      count: null,
      suppressed: true,
    });
    for (const area of [...CURRENT_PROVINCES.map((p) => p.code), NATION]) {
      expect(published.get('one')?.get(area)?.total).toEqual(
        published.get('two')?.get(area)?.total,
      );
      const row = published.get('one')?.get(area);
      const withheld = [row?.total, ...(row?.cells ?? [])].filter((c) => c?.suppressed).length;
      expect(withheld).not.toBe(1);
    }
  });
});
