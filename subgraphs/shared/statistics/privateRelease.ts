import { CURRENT_PROVINCES } from '../../../db/domain/provinces.ts';
import { discreteLaplace, type UniformInt } from './discreteLaplace.ts';
import { areaOf, type Cell, type Distribution, NATION, type Tally } from './tables.ts';

/** What a differentially private answer says about itself (`PrivacyReport` in the SDL). */
export interface PrivacyReport {
  epsilon: number;
  mechanism: 'DISCRETE_LAPLACE';
  sensitivity: number;
  unit: string;
  scale: number;
  remainingBudget: number;
}

export interface PrivateTableInput {
  /** Fixed in advance: a category seen only in the data would reveal that someone is in it. */
  categories: readonly string[];
  tallies: readonly Tally[];
  /** How much one `unit` (a citizen, a licence, a vehicle) can change the table's cells: L1. */
  sensitivity: number;
}

const PROVINCES = CURRENT_PROVINCES.map((p) => p.code);

const cell = (category: string, noisy: number): Cell => ({
  category,
  count: Math.max(0, noisy),
  suppressed: false,
});

/**
 * One ε-differentially private release of a whole table: discrete Laplace noise of scale
 * sensitivity/ε on each province's cells, which hold each unit once (parallel composition over
 * provinces). Totals and the nation's row are sums of those noisy cells — post-processing, which
 * spends no more ε — and every published count is clamped at 0, so clamped rows may not add up.
 * Nothing is suppressed: a decision taken on the true counts would itself leak them.
 */
export function privateRelease(
  table: PrivateTableInput,
  thousandthsOfEpsilon: number,
  uniform?: UniformInt,
): Map<string, Distribution> {
  const { categories, sensitivity } = table;
  const truth = new Map<string, number>();
  for (const t of table.tallies) {
    const id = `${areaOf(t.province)}|${t.category}`;
    truth.set(id, (truth.get(id) ?? 0) + t.count);
  }
  // scale = sensitivity/ε = (sensitivity·1000)/(ε·1000): whole numbers for the exact sampler.
  const noisy = (id: string) =>
    (truth.get(id) ?? 0) + discreteLaplace(thousandthsOfEpsilon, sensitivity * 1000, uniform);
  const nation = categories.map(() => 0);
  const rows = new Map<string, Distribution>();
  for (const area of PROVINCES) {
    const values = categories.map((category) => noisy(`${area}|${category}`));
    values.forEach((v, k) => {
      nation[k] = (nation[k] ?? 0) + v;
    });
    rows.set(area, distribution(categories, values));
  }
  rows.set(NATION, distribution(categories, nation));
  return rows;
}

function distribution(categories: readonly string[], values: readonly number[]): Distribution {
  return {
    total: cell(
      'TOTAL',
      values.reduce((sum, v) => sum + v, 0),
    ),
    cells: categories.map((category, k) => cell(category, values[k] ?? 0)),
  };
}
