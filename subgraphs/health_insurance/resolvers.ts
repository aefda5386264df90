import { plusYears } from '../../db/domain/dates.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { HealthInsuranceLoaders } from './loaders.ts';
import type { Resolvers } from './resolverTypes.generated.ts';
import { insuredFamily } from './statistics.ts';

type Context = SubgraphContext<HealthInsuranceLoaders, AgencyTables<'health_insurance'>>;

export const resolvers: Resolvers<Context> = {
  Citizen: {
    healthInsurance: (citizen, _, { loaders }) => loaders.card.load(citizen.personalId),
  },
  HealthInsuranceCard: {
    cardCode: (card) =>
      `${card.beneficiaryGroup}${card.benefitLevel}${card.provinceCode}${card.socialInsuranceNumber}`,
    primaryCareFacility: (card) => ({ code: card.facilityCode, name: card.facilityName }),
    fiveYearsContinuousOn: (card) => plusYears(card.continuousSince, 5),
    updatedAt,
  },
  Province: provinceStatistics([insuredFamily]),
};
