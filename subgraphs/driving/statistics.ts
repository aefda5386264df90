import { sql } from 'drizzle-orm';
import { LICENCE_CLASSES } from '../../db/domain/licenceClasses.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';
import { monthsFromNow, residents } from '../shared/statistics/residents.ts';

/** Licence classes held by living residents. */
export const licencesFamily: FamilyDefinition = {
  name: 'licences',
  tables: [
    {
      name: 'licencesByClass',
      categories: () => LICENCE_CLASSES.map((c) => c.code),
      query: () => sql`
        select r.province_code as province, l.class as category, count(*)::int as count
        from ${residents()} r join driving.licences l on l.personal_id = r.personal_id
        group by 1, 2`,
    },
    {
      name: 'licencesByStatus',
      categories: () => ['VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED'],
      query: () => sql`
        select r.province_code as province, l.status as category, count(*)::int as count
        from ${residents()} r join driving.licences l on l.personal_id = r.personal_id
        group by 1, 2`,
    },
  ],
};

/** Licence classes of living residents expiring in the next 24 months. */
export const expiringFamily: FamilyDefinition = {
  name: 'licencesExpiring',
  tables: [
    {
      name: 'licencesExpiringByMonth',
      categories: () => monthsFromNow(0, 24),
      query: () => sql`
        select r.province_code as province, to_char(l.expires_on, 'YYYY-MM') as category,
          count(*)::int as count
        from ${residents()} r join driving.licences l on l.personal_id = r.personal_id
        where l.expires_on >= date_trunc('month', current_date)
          and l.expires_on < date_trunc('month', current_date) + interval '24 months'
        group by 1, 2`,
    },
  ],
};
