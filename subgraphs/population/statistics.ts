import { sql } from 'drizzle-orm';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';
import { residents } from '../shared/statistics/residents.ts';

const SEXES = ['MALE', 'FEMALE'];
/** Five-year bands `00-04` … `95-99`, then `100+`. */
const BANDS = [
  ...Array.from(
    { length: 20 },
    (_, k) => `${String(5 * k).padStart(2, '0')}-${String(5 * k + 4).padStart(2, '0')}`,
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
      query: () => sql`
        select province_code as province, category, count(*)::int as count from (
          select r.province_code, c.sex || ':' || case
              when a.years >= 100 then '100+'
              else lpad((a.years / 5 * 5)::text, 2, '0') || '-' || lpad((a.years / 5 * 5 + 4)::text, 2, '0')
            end as category
          from ${residents()} r
          join population.citizens c on c.personal_id = r.personal_id
          cross join lateral (select extract(year from age(current_date, c.date_of_birth))::int as years) a
        ) t group by 1, 2`,
    },
    {
      name: 'residence',
      categories: () => ['PERMANENT_ONLY', 'ALSO_TEMPORARY'],
      query: () => sql`
        select r.province_code as province,
          case when exists (
            select 1 from population.residences t
            where t.personal_id = r.personal_id and t.kind = 'TEMPORARY'
              and (t.ended_on is null or t.ended_on >= current_date)
          ) then 'ALSO_TEMPORARY' else 'PERMANENT_ONLY' end as category,
          count(*)::int as count
        from ${residents()} r group by 1, 2`,
    },
    {
      name: 'eidAccounts',
      categories: () => ['NONE', 'LEVEL_1', 'LEVEL_2'],
      query: () => sql`
        select r.province_code as province,
          coalesce('LEVEL_' || e.level, 'NONE') as category, count(*)::int as count
        from ${residents()} r
        left join population.eid_accounts e on e.personal_id = r.personal_id
        group by 1, 2`,
    },
  ],
};
