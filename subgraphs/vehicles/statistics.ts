import {
  registrationsByMonth,
  vehiclesByRegistrationYear,
  vehiclesByType,
} from '../../db/schema/statistics.ts';
import { monthsFromNow } from '../shared/statistics/months.ts';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';

/** A private answer's years are fixed in advance: a year only the data holds would reveal someone. */
const FIRST_PRIVATE_YEAR = 1990;

const yearsSince = (first: number, today = new Date()) =>
  Array.from({ length: today.getUTCFullYear() - first + 1 }, (_, k) => String(first + k));

/** Active vehicles of living residents, by the owner's residence. */
export const vehiclesFamily: FamilyDefinition = {
  name: 'vehicles',
  tables: [
    {
      name: 'vehiclesByType',
      categories: () => ['MOTORBIKE', 'CAR', 'TRUCK'],
      view: vehiclesByType,
      unit: 'vehicle',
    },
    {
      name: 'vehiclesByRegistrationYear',
      categories: () => [],
      view: vehiclesByRegistrationYear,
      unit: 'vehicle',
      privateCategories: () => yearsSince(FIRST_PRIVATE_YEAR),
    },
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
      unit: 'vehicle registration',
    },
  ],
};
