import { insuredByBeneficiaryGroup } from '../../db/schema/statistics.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

/** Living residents with a card valid today. */
export const insuredFamily: FamilyDefinition = {
  name: 'insured',
  tables: [
    {
      name: 'insuredByBeneficiaryGroup',
      categories: () => ['DN', 'HS', 'SV', 'TE', 'HT', 'GD'],
      view: insuredByBeneficiaryGroup,
      unit: 'citizen',
    },
  ],
};
