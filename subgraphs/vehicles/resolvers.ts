import { badUserInput } from '../../kernel/errors.ts';
import type { ResolverMap } from '../shared/resolverMap.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { RegistrationRow, VehiclesLoaders } from './loaders.ts';

type Context = SubgraphContext<VehiclesLoaders>;

/** Province code, series (one or two letters, up to two digits), then 123.45 or 1234. */
const PLATE = /^\d{2}[A-Z]{1,2}\d{0,2}-(\d{3}\.\d{2}|\d{4})$/;

export const resolvers: ResolverMap<Context> = {
  Query: {
    vehicle: (_: unknown, { plate }: { plate: string }, { loaders }: Context) => {
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
    vehicles: (citizen: { personalId: string }, _: unknown, { loaders }: Context) =>
      loaders.byOwner.load(citizen.personalId),
  },
  Vehicle: {
    __resolveReference: (ref: { plate: string }, { loaders }: Context) =>
      loaders.byPlate.load(ref.plate),
    type: (row: RegistrationRow) => row.vehicleType,
    owner: (row: RegistrationRow) => ({ personalId: row.personalId }),
  },
};
