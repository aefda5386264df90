import type { ResolverMap } from '../shared/resolverMap.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { DrivingLoaders } from './loaders.ts';

type Context = SubgraphContext<DrivingLoaders>;

export const resolvers: ResolverMap<Context> = {
  Citizen: {
    driverLicences: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.licences.load(citizen.personalId),
  },
  DriverLicence: {
    number: (licence: { licenceNumber: string }) => licence.licenceNumber,
  },
};
