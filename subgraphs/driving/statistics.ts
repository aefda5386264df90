import { LICENCE_CLASSES } from '../../db/domain/licenceClasses.ts';
import {
  licencesByClass,
  licencesByStatus,
  licencesExpiringByMonth,
} from '../../db/schema/statistics.ts';
import { monthsFromNow } from '../shared/statistics/months.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

/** Licence classes held by living residents. */
export const licencesFamily: FamilyDefinition = {
  name: 'licences',
  tables: [
    {
      name: 'licencesByClass',
      categories: () => LICENCE_CLASSES.map((c) => c.code),
      view: licencesByClass,
      unit: 'licence',
    },
    {
      name: 'licencesByStatus',
      categories: () => ['VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED'],
      view: licencesByStatus,
      unit: 'licence',
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
      view: licencesExpiringByMonth,
      unit: 'licence',
    },
  ],
};
