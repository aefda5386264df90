import type { AgencyTables } from '../../db/schema/agencies.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { DrivingLoaders } from './loaders.ts';
import type { Resolvers } from './resolverTypes.generated.ts';
import { expiringFamily, licencesFamily } from './statistics.ts';

type Context = SubgraphContext<DrivingLoaders, AgencyTables<'driving'>>;

export const resolvers: Resolvers<Context> = {
  Citizen: {
    driverLicences: (citizen, _, { loaders }) => loaders.licences.load(citizen.personalId),
  },
  DriverLicence: {
    number: (licence) => licence.licenceNumber,
    updatedAt,
  },
  Province: provinceStatistics([licencesFamily, expiringFamily]),
};
