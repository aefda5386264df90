import { CURRENT_PROVINCES, successorOf } from '../../../db/domain/provinces.ts';
import { suppressedCells } from './suppression.ts';

/** The area code of the whole country: the column margins of every table. */
export const NATION = 'VN';

/** One group of an aggregate query: a 2-digit residence province code, a category, a count. */
export interface Tally {
  province: string;
  category: string;
  count: number;
}

export interface Cell {
  category: string;
  count: number | null;
  suppressed: boolean;
}

/** One area's row of a table: its cells and their total. */
export interface Distribution {
  total: Cell;
  cells: Cell[];
}

export interface TableInput {
  name: string;
  /** Published even when empty (then suppressed); categories found in the data are added. */
  categories: readonly string[];
  tallies: readonly Tally[];
}

/** Rows by area code (the 34 provinces in force, and NATION), by table name. */
export type PublishedFamily = Map<string, Map<string, Distribution>>;

const AREAS = [...CURRENT_PROVINCES.map((p) => p.code), NATION];
const TOTAL = 'TOTAL';

export function areaOf(residenceCode: string): string {
  const code = successorOf(residenceCode.trim());
  if (!code) throw new Error(`unknown residence province code "${residenceCode}"`);
  return code;
}

/**
 * Tables of one family count the same people or records in different breakdowns, so they share
 * their totals (per province and for the nation) and are suppressed together: a total withheld in
 * one table is withheld in all of them.
 */
export function publishFamily(tables: readonly TableInput[], k: number): PublishedFamily {
  const values = new Map<string, number>();
  const add = (id: string, n: number) => values.set(id, (values.get(id) ?? 0) + n);
  const equations: string[][] = [];
  const categoriesOf = new Map<string, string[]>();
  for (const table of tables) {
    const found = new Set(table.categories);
    for (const t of table.tallies) found.add(t.category);
    const categories = [...found];
    categoriesOf.set(table.name, categories);
    for (const area of AREAS)
      for (const category of categories) values.set(`${table.name}|${area}|${category}`, 0);
    for (const t of table.tallies) {
      add(`${table.name}|${areaOf(t.province)}|${t.category}`, t.count);
      add(`${table.name}|${NATION}|${t.category}`, t.count);
    }
    for (const area of AREAS) {
      equations.push([...categories.map((c) => `${table.name}|${area}|${c}`), `${TOTAL}|${area}`]);
    }
    for (const category of categories) {
      equations.push(AREAS.map((area) => `${table.name}|${area}|${category}`));
    }
  }
  equations.push(AREAS.map((area) => `${TOTAL}|${area}`));
  const first = tables[0];
  if (!first) throw new Error('a family needs at least one table');
  for (const area of AREAS) {
    const sums = tables.map((table) =>
      (categoriesOf.get(table.name) ?? []).reduce(
        (sum, c) => sum + (values.get(`${table.name}|${area}|${c}`) ?? 0),
        0,
      ),
    );
    if (sums.some((s) => s !== sums[0]))
      throw new Error(`tables ${tables.map((t) => t.name).join(', ')} disagree on ${area}'s total`);
    values.set(`${TOTAL}|${area}`, sums[0] ?? 0);
  }
  const hidden = suppressedCells({ values, equations }, k);
  const cell = (id: string, category: string): Cell =>
    hidden.has(id)
      ? { category, count: null, suppressed: true }
      : { category, count: values.get(id) ?? 0, suppressed: false };
  const published: PublishedFamily = new Map();
  for (const table of tables) {
    const rows = new Map<string, Distribution>();
    for (const area of AREAS) {
      rows.set(area, {
        total: cell(`${TOTAL}|${area}`, TOTAL),
        cells: (categoriesOf.get(table.name) ?? []).map((c) =>
          cell(`${table.name}|${area}|${c}`, c),
        ),
      });
    }
    published.set(table.name, rows);
  }
  return published;
}
