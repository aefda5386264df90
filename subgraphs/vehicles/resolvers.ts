import type { AgencyTables } from '../../db/schema/agencies.ts';
import { badUserInput } from '../../kernel/errors.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import type { VehiclesLoaders } from './loaders.ts';
import type { Resolvers } from './resolverTypes.generated.ts';
import { registrationsFamily, vehiclesFamily } from './statistics.ts';

type Context = SubgraphContext<VehiclesLoaders, AgencyTables<'vehicles'>>;

/** Province code, series (one or two letters, up to two digits), then 123.45 or 1234. */
const PLATE = /^\d{2}[A-Z]{1,2}\d{0,2}-(\d{3}\.\d{2}|\d{4})$/;

export const resolvers: Resolvers<Context> = {
  Query: {
    vehicle: (_, { plate }, { loaders }) => {
      const normalised = plate.trim().toUpperCase();
      if (!PLATE.test(normalised)) {
        throw badUserInput(
          `plate "${plate}" is not a Vietnamese plate number such as 29A1-123.45`,
          {
            argumentName: 'plate',
          },
        );
      }
      return loaders.byPlate.load(normalised);
    },
  },
  Citizen: {
    vehicles: (citizen, _, { loaders }) => loaders.byOwner.load(citizen.personalId),
  },
  Vehicle: {
    __resolveReference: (ref, { loaders }) => loaders.byPlate.load(ref.plate),
    type: (row) => row.vehicleType,
    owner: (row) => ({ personalId: row.personalId }),
    updatedAt,
  },
  Province: provinceStatistics([vehiclesFamily, registrationsFamily]),
};
