import { eidAccounts, populationBySexAndAge, residence } from '../../db/schema/statistics.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

const SEXES = ['MALE', 'FEMALE'];
/** Five-year bands `00-04` … `95-99`, then `100+`. */
const BANDS = [
  ...Array.from({ length: 20 }, (_, k) =>
    [5 * k, 5 * k + 4].map((n) => String(n).padStart(2, '0')).join('-'),
  ),
  '100+',
];

/** Living residents: every table breaks down the same people. */
export const residentsFamily: FamilyDefinition = {
  name: 'residents',
  tables: [
    {
      name: 'populationBySexAndAge',
      categories: () => SEXES.flatMap((sex) => BANDS.map((band) => `${sex}:${band}`)),
      view: populationBySexAndAge,
      unit: 'citizen',
    },
    {
      name: 'residence',
      categories: () => ['PERMANENT_ONLY', 'ALSO_TEMPORARY'],
      view: residence,
      unit: 'citizen',
    },
    {
      name: 'eidAccounts',
      categories: () => ['NONE', 'LEVEL_1', 'LEVEL_2'],
      view: eidAccounts,
      unit: 'citizen',
    },
  ],
};
