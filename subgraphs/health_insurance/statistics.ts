import { sql } from 'drizzle-orm';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';
import { residents } from '../shared/statistics/residents.ts';

/** Living residents with a card valid today. */
export const insuredFamily: FamilyDefinition = {
  name: 'insured',
  tables: [
    {
      name: 'insuredByBeneficiaryGroup',
      categories: () => ['DN', 'HS', 'SV', 'TE', 'HT', 'GD'],
      query: () => sql`
        select r.province_code as province, c.beneficiary_group as category, count(*)::int as count
        from ${residents()} r
        join health_insurance.cards c on c.personal_id = r.personal_id
        where c.valid_from <= current_date and c.valid_until >= current_date
        group by 1, 2`,
    },
  ],
};
