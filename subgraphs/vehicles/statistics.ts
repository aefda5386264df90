import { sql } from 'drizzle-orm';
import type { FamilyDefinition } from '../shared/statistics/provinceStatistics.ts';
import { monthsFromNow, residents } from '../shared/statistics/residents.ts';

/** Active vehicles of living residents, by the owner's residence. */
export const vehiclesFamily: FamilyDefinition = {
  name: 'vehicles',
  tables: [
    {
      name: 'vehiclesByType',
      categories: () => ['MOTORBIKE', 'CAR', 'TRUCK'],
      query: () => sql`
        select r.province_code as province, v.vehicle_type as category, count(*)::int as count
        from ${residents()} r join vehicles.registrations v on v.personal_id = r.personal_id
        where v.status = 'ACTIVE'
        group by 1, 2`,
    },
    {
      name: 'vehiclesByRegistrationYear',
      categories: () => [],
      query: () => sql`
        select r.province_code as province, extract(year from v.registered_on)::int::text as category,
          count(*)::int as count
        from ${residents()} r join vehicles.registrations v on v.personal_id = r.personal_id
        where v.status = 'ACTIVE'
        group by 1, 2`,
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
      query: () => sql`
        select r.province_code as province, to_char(v.registered_on, 'YYYY-MM') as category,
          count(*)::int as count
        from ${residents()} r join vehicles.registrations v on v.personal_id = r.personal_id
        where v.registered_on >= date_trunc('month', current_date) - interval '23 months'
          and v.registered_on < date_trunc('month', current_date) + interval '1 month'
        group by 1, 2`,
    },
  ],
};
