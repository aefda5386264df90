import { sql } from 'drizzle-orm';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';
import { residents } from '../shared/statistics/residents.ts';

/** Income bands in million đồng a year, by their lower bounds. */
const BANDS = [0, 60, 120, 240, 480, 960];
const bandLabel = (k: number) =>
  k === BANDS.length - 1 ? `${BANDS[k]}+` : `${BANDS[k]}-${BANDS[k + 1]}`;

/** Individual taxpayers who are living residents. */
export const taxpayersFamily: FamilyDefinition = {
  name: 'taxpayers',
  tables: [
    {
      name: 'taxpayersByStatus',
      categories: () => ['ACTIVE', 'SUSPENDED', 'CLOSED'],
      query: () => sql`
        select r.province_code as province, t.status as category, count(*)::int as count
        from ${residents()} r join tax.taxpayers t on t.personal_id = r.personal_id
        group by 1, 2`,
    },
    {
      name: 'taxpayersByIncomeBand',
      categories: () => [...BANDS.map((_, k) => bandLabel(k)), 'NOT_FILED'],
      query: () => sql`
        select r.province_code as province,
          case ${sql.raw(
            BANDS.map((_, k) => k)
              .reverse()
              .map((k) => `when d.income >= ${(BANDS[k] ?? 0) * 1_000_000} then '${bandLabel(k)}'`)
              .join(' '),
          )} else 'NOT_FILED' end as category,
          count(*)::int as count
        from ${residents()} r join tax.taxpayers t on t.personal_id = r.personal_id
        left join tax.declarations d on d.personal_id = t.personal_id
          and d.year = extract(year from current_date)::int - 1
        group by 1, 2`,
    },
  ],
};
