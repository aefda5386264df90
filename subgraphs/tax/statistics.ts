import {
  INCOME_BANDS,
  incomeBandLabel,
  taxpayersByIncomeBand,
  taxpayersByStatus,
} from '../../db/schema/statistics.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

/** Individual taxpayers who are living residents. */
export const taxpayersFamily: FamilyDefinition = {
  name: 'taxpayers',
  tables: [
    {
      name: 'taxpayersByStatus',
      categories: () => ['ACTIVE', 'SUSPENDED', 'CLOSED'],
      view: taxpayersByStatus,
      unit: 'citizen',
    },
    {
      name: 'taxpayersByIncomeBand',
      categories: () => [...INCOME_BANDS.map((_, k) => incomeBandLabel(k)), 'NOT_FILED'],
      view: taxpayersByIncomeBand,
      unit: 'citizen',
    },
  ],
};
