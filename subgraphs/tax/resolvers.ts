import type { AgencyTables } from '../../db/schema/agencies.ts';
import type { ResolverMap } from '../shared/resolverMap.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { TaxLoaders, TaxpayerRow } from './loaders.ts';
import { taxpayersFamily } from './statistics.ts';

type Context = SubgraphContext<TaxLoaders, AgencyTables<'tax'>>;

export const resolvers: ResolverMap<Context> = {
  Citizen: {
    tax: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.taxpayer.load(citizen.personalId),
  },
  TaxProfile: {
    taxCode: (row: TaxpayerRow) => row.personalId,
    totalOutstanding: (row: TaxpayerRow) => row.outstanding.reduce((sum, o) => sum + o.amount, 0),
    updatedAt,
  },
  Province: provinceStatistics([taxpayersFamily]),
};
