import type { ResolverMap } from '../shared/resolverMap.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { TaxLoaders, TaxpayerRow } from './loaders.ts';

type Context = SubgraphContext<TaxLoaders>;

export const resolvers: ResolverMap<Context> = {
  Citizen: {
    tax: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.taxpayer.load(citizen.personalId),
  },
  TaxProfile: {
    taxCode: (row: TaxpayerRow) => row.personalId,
    totalOutstanding: (row: TaxpayerRow) => row.outstanding.reduce((sum, o) => sum + o.amount, 0),
  },
};
