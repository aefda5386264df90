import type { ResolverMap } from '../shared/resolverMap.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { CardRow, HealthInsuranceLoaders } from './loaders.ts';

type Context = SubgraphContext<HealthInsuranceLoaders>;

const plusYears = (isoDate: string, years: number) =>
  `${Number(isoDate.slice(0, 4)) + years}${isoDate.slice(4)}`;

export const resolvers: ResolverMap<Context> = {
  Citizen: {
    healthInsurance: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.card.load(citizen.personalId),
  },
  HealthInsuranceCard: {
    cardCode: (card: CardRow) =>
      `${card.beneficiaryGroup}${card.benefitLevel}${card.provinceCode}${card.socialInsuranceNumber}`,
    primaryCareFacility: (card: CardRow) => ({ code: card.facilityCode, name: card.facilityName }),
    fiveYearsContinuousOn: (card: CardRow) => plusYears(card.continuousSince, 5),
  },
};
