import type { AgencyTables } from '../../db/schema/agencies.ts';
import type { ResolverMap } from '../shared/resolverMap.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { DrivingLoaders } from './loaders.ts';
import { expiringFamily, licencesFamily } from './statistics.ts';

type Context = SubgraphContext<DrivingLoaders, AgencyTables<'driving'>>;

export const resolvers: ResolverMap<Context> = {
  Citizen: {
    driverLicences: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.licences.load(citizen.personalId),
  },
  DriverLicence: {
    number: (licence: { licenceNumber: string }) => licence.licenceNumber,
    updatedAt,
  },
  Province: provinceStatistics([licencesFamily, expiringFamily]),
};
