// The differential-privacy sampler and release, without a database: the noise has the scale its ε
// calls for (many draws, bounds many standard errors wide, so the test is not flaky), a release
// publishes every fixed category once, derives totals and the nation by summing, and a bad ε is
// refused.
import { describe, expect, it } from 'vitest';
import { CURRENT_PROVINCES } from '../../db/domain/provinces.ts';
import { thousandths } from '../../subgraphs/shared/statistics/config.ts';
import {
  discreteLaplace,
  discreteLaplaceVariance,
} from '../../subgraphs/shared/statistics/discreteLaplace.ts';
import { privateRelease } from '../../subgraphs/shared/statistics/privateRelease.ts';
import { NATION } from '../../subgraphs/shared/statistics/tables.ts';

const DRAWS = 20_000;

function moments(s: number, t: number) {
  const draws = Array.from({ length: DRAWS }, () => discreteLaplace(s, t));
  const mean = draws.reduce((a, x) => a + x, 0) / DRAWS;
  const variance = draws.reduce((a, x) => a + x * x, 0) / DRAWS;
  const zeros = draws.filter((x) => x === 0).length / DRAWS;
  return { draws, mean, variance, zeros };
}

describe('the discrete Laplace sampler', () => {
  // ε = 0.5 with sensitivity 1: scale 2, P(x) ∝ exp(−|x|/2), variance 2a/(1−a)² ≈ 7.92.
  it.each([
    [500, 1000],
    [1000, 1000],
    [2000, 1000],
    [100, 1000],
  ])('draws integers with the variance of scale t/s (s = %i, t = %i)', (s, t) => {
    const { draws, mean, variance, zeros } = moments(s, t);
    const expected = discreteLaplaceVariance(s, t);
    expect(draws.every(Number.isInteger)).toBe(true);
    // The variance's relative standard error over 20,000 draws is about 1.7 %: 15 % is > 8 of them.
    expect(variance / expected).toBeGreaterThan(0.85);
    expect(variance / expected).toBeLessThan(1.15);
    // The mean's standard error is √(variance/20,000): 6 of them.
    expect(Math.abs(mean)).toBeLessThan(6 * Math.sqrt(expected / DRAWS));
    // P(0) = (1−a)/(1+a), a = exp(−s/t).
    const a = Math.exp(-s / t);
    expect(Math.abs(zeros - (1 - a) / (1 + a))).toBeLessThan(0.03);
  });

  it('is symmetric: as many draws above 0 as below', () => {
    const { draws } = moments(1000, 1000);
    const above = draws.filter((x) => x > 0).length;
    const below = draws.filter((x) => x < 0).length;
    // Each side's count has a standard error near 60 here: 600 is 10 of them.
    expect(Math.abs(above - below)).toBeLessThan(600);
  });
});

describe('a private release', () => {
  const provinces = CURRENT_PROVINCES.map((p) => p.code);
  const tallies = provinces.flatMap((province) => [
    { province, category: 'A', count: 1000 },
    { province, category: 'B', count: 3 },
    { province, category: 'SEEN_ONLY_IN_DATA', count: 1 },
  ]);

  it('publishes each fixed category of every province and the nation, none suppressed', () => {
    const rows = privateRelease({ categories: ['A', 'B', 'C'], tallies, sensitivity: 1 }, 1000);
    expect([...rows.keys()].sort()).toEqual([...provinces, NATION].sort());
    for (const row of rows.values()) {
      expect(row.cells.map((c) => c.category)).toEqual(['A', 'B', 'C']);
      for (const cell of [...row.cells, row.total]) {
        expect(cell.suppressed).toBe(false);
        expect(cell.count).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('adds noise of the asked scale around the true counts', () => {
    // ε = 0.1: scale 10, standard deviation ≈ 14 per cell; 34 provinces × 40 releases.
    const errors: number[] = [];
    for (let k = 0; k < 40; k++) {
      const rows = privateRelease({ categories: ['A'], tallies, sensitivity: 1 }, 100);
      for (const p of provinces) errors.push((rows.get(p)?.cells[0]?.count ?? 0) - 1000);
    }
    const variance = errors.reduce((a, x) => a + x * x, 0) / errors.length;
    const expected = discreteLaplaceVariance(100, 1000);
    expect(variance / expected).toBeGreaterThan(0.75);
    expect(variance / expected).toBeLessThan(1.25);
  });

  it('makes totals and the nation by summing the noisy cells (no further ε)', () => {
    const rows = privateRelease({ categories: ['A'], tallies, sensitivity: 1 }, 10_000);
    const nation = rows.get(NATION);
    const sum = provinces.reduce((s, p) => s + (rows.get(p)?.cells[0]?.count ?? 0), 0);
    expect(nation?.cells[0]?.count).toBe(sum);
    expect(nation?.total.count).toBe(sum);
    for (const p of provinces) expect(rows.get(p)?.total.count).toBe(rows.get(p)?.cells[0]?.count);
  });
});

describe('ε', () => {
  it('is taken in thousandths from 0.001 to 1000, and refused otherwise', () => {
    expect(thousandths(0.5)).toBe(500);
    expect(thousandths(0.001)).toBe(1);
    expect(thousandths(1000)).toBe(1_000_000);
    for (const bad of [0, -1, 0.0005, 0.0015, 1000.001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(thousandths(bad)).toBeNull();
    }
  });
});
