import type { AgencyTables } from '../../db/schema/agencies.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { TaxLoaders } from './loaders.ts';
import type { Resolvers } from './resolverTypes.generated.ts';
import { taxpayersFamily } from './statistics.ts';

type Context = SubgraphContext<TaxLoaders, AgencyTables<'tax'>>;

export const resolvers: Resolvers<Context> = {
  Citizen: {
    tax: (citizen, _, { loaders }) => loaders.taxpayer.load(citizen.personalId),
  },
  TaxProfile: {
    taxCode: (row) => row.personalId,
    totalOutstanding: (row) => row.outstanding.reduce((sum, o) => sum + o.amount, 0),
    updatedAt,
  },
  Province: provinceStatistics([taxpayersFamily]),
};
