import { plusYears } from '../../db/domain/dates.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import type { ResolverMap } from '../shared/resolverMap.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { CardRow, HealthInsuranceLoaders } from './loaders.ts';
import { insuredFamily } from './statistics.ts';

type Context = SubgraphContext<HealthInsuranceLoaders, AgencyTables<'health_insurance'>>;

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
    updatedAt,
  },
  Province: provinceStatistics([insuredFamily]),
};
