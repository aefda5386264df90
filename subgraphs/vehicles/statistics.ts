import {
  registrationsByMonth,
  vehiclesByRegistrationYear,
  vehiclesByType,
} from '../../db/schema/statistics.ts';
import { monthsFromNow } from '../shared/statistics/months.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

/** Active vehicles of living residents, by the owner's residence. */
export const vehiclesFamily: FamilyDefinition = {
  name: 'vehicles',
  tables: [
    {
      name: 'vehiclesByType',
      categories: () => ['MOTORBIKE', 'CAR', 'TRUCK'],
      view: vehiclesByType,
    },
    { name: 'vehiclesByRegistrationYear', categories: () => [], view: vehiclesByRegistrationYear },
  ],
};

/** Registrations by living residents in the last 24 months, whatever became of the vehicle. */
export const registrationsFamily: FamilyDefinition = {
  name: 'registrations',
  tables: [
    {
      name: 'registrationsByMonth',
      categories: () => monthsFromNow(-23, 24),
      view: registrationsByMonth,
    },
  ],
};
