import { type SQL, sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/pg-core';
import { personalId } from './columns.ts';
import { driving } from './driving.ts';
import { healthInsurance } from './health_insurance.ts';
import { population } from './population.ts';
import { tax } from './tax.ts';
import { vehicles } from './vehicles.ts';

/**
 * Pre-aggregated statistics: one materialised view per published table, in its agency's schema,
 * counting by 2-digit residence province code and category as of the last refresh
 * (`npm run db -- statistics`, run after every seed). Subgraphs read these few hundred rows
 * instead of scanning millions; suppression happens when a table is published, never here.
 */
const tally = {
  province: text('province').notNull(),
  category: text('category').notNull(),
  count: integer('count').notNull(),
};

/**
 * The current province of permanent residence of every living citizen: the latest permanent
 * residence not ended (as `Citizen.permanentResidence` serves it). Agencies group by it, never by
 * the birth-registration province a personal ID carries. Computed once per refresh, before the
 * tables, instead of inside each of the 12 (a sort of every residence, 12 times over): an internal
 * view of population's, read by the refresh only, never published.
 */
export const statisticsResidents = population
  .materializedView('stat_residents', {
    personalId: personalId(),
    provinceCode: text('province_code').notNull(),
  })
  .withNoData()
  .as(sql`select distinct on (r.personal_id) r.personal_id, r.province_code
  from population.residences r
  join population.citizens c on c.personal_id = r.personal_id
  where r.kind = 'PERMANENT' and (r.ended_on is null or r.ended_on >= current_date)
    and c.deceased_on is null
  order by r.personal_id, r.registered_on desc`);

const residents = sql`population.stat_residents`;

const grouped = (select: SQL) =>
  sql`select province, category, count(*)::int as count from (${select}) t group by 1, 2`;

export const populationBySexAndAge = population
  .materializedView('stat_population_by_sex_and_age', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, c.sex || ':' || case
        when a.years >= 100 then '100+'
        else lpad((a.years / 5 * 5)::text, 2, '0') || '-' || lpad((a.years / 5 * 5 + 4)::text, 2, '0')
      end as category
    from ${residents} r
    join population.citizens c on c.personal_id = r.personal_id
    cross join lateral (select extract(year from age(current_date, c.date_of_birth))::int as years) a`),
  );

export const residence = population
  .materializedView('stat_residence', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province,
      case when exists (
        select 1 from population.residences t
        where t.personal_id = r.personal_id and t.kind = 'TEMPORARY'
          and (t.ended_on is null or t.ended_on >= current_date)
      ) then 'ALSO_TEMPORARY' else 'PERMANENT_ONLY' end as category
    from ${residents} r`),
  );

export const eidAccounts = population
  .materializedView('stat_eid_accounts', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, coalesce('LEVEL_' || e.level, 'NONE') as category
    from ${residents} r left join population.eid_accounts e on e.personal_id = r.personal_id`),
  );

export const insuredByBeneficiaryGroup = healthInsurance
  .materializedView('stat_insured_by_beneficiary_group', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, c.beneficiary_group::text as category
      from ${residents} r join health_insurance.cards c on c.personal_id = r.personal_id
      where c.valid_from <= current_date and c.valid_until >= current_date`),
  );

export const licencesByClass = driving
  .materializedView('stat_licences_by_class', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, l.class as category
    from ${residents} r join driving.licences l on l.personal_id = r.personal_id`),
  );

export const licencesByStatus = driving
  .materializedView('stat_licences_by_status', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, l.status as category
    from ${residents} r join driving.licences l on l.personal_id = r.personal_id`),
  );

export const licencesExpiringByMonth = driving
  .materializedView('stat_licences_expiring_by_month', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, to_char(l.expires_on, 'YYYY-MM') as category
      from ${residents} r join driving.licences l on l.personal_id = r.personal_id
      where l.expires_on >= date_trunc('month', current_date)
        and l.expires_on < date_trunc('month', current_date) + interval '24 months'`),
  );

export const vehiclesByType = vehicles
  .materializedView('stat_vehicles_by_type', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, v.vehicle_type as category
    from ${residents} r join vehicles.registrations v on v.personal_id = r.personal_id
    where v.status = 'ACTIVE'`),
  );

export const vehiclesByRegistrationYear = vehicles
  .materializedView('stat_vehicles_by_registration_year', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province,
        extract(year from v.registered_on)::int::text as category
      from ${residents} r join vehicles.registrations v on v.personal_id = r.personal_id
      where v.status = 'ACTIVE'`),
  );

export const registrationsByMonth = vehicles
  .materializedView('stat_registrations_by_month', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, to_char(v.registered_on, 'YYYY-MM') as category
      from ${residents} r join vehicles.registrations v on v.personal_id = r.personal_id
      where v.registered_on >= date_trunc('month', current_date) - interval '23 months'
        and v.registered_on < date_trunc('month', current_date) + interval '1 month'`),
  );

export const taxpayersByStatus = tax
  .materializedView('stat_taxpayers_by_status', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province, t.status as category
    from ${residents} r join tax.taxpayers t on t.personal_id = r.personal_id`),
  );

/** Income declared for last year, in million đồng a year, by lower bound; NOT_FILED without one. */
export const INCOME_BANDS = [0, 60, 120, 240, 480, 960] as const;
export const incomeBandLabel = (k: number) =>
  k === INCOME_BANDS.length - 1
    ? `${INCOME_BANDS[k]}+`
    : `${INCOME_BANDS[k]}-${INCOME_BANDS[k + 1]}`;

export const taxpayersByIncomeBand = tax
  .materializedView('stat_taxpayers_by_income_band', tally)
  .withNoData()
  .as(
    grouped(sql`select r.province_code as province,
        case ${sql.raw(
          [...INCOME_BANDS.keys()]
            .reverse()
            .map(
              (k) =>
                `when d.income >= ${(INCOME_BANDS[k] ?? 0) * 1_000_000} then '${incomeBandLabel(k)}'`,
            )
            .join(' '),
        )} else 'NOT_FILED' end as category
      from ${residents} r join tax.taxpayers t on t.personal_id = r.personal_id
      left join tax.declarations d on d.personal_id = t.personal_id
        and d.year = extract(year from current_date)::int - 1`),
  );

/** Every published statistics view, refreshed after `statisticsResidents` (none depends on another). */
export const STATISTICS_VIEWS = [
  populationBySexAndAge,
  residence,
  eidAccounts,
  insuredByBeneficiaryGroup,
  licencesByClass,
  licencesByStatus,
  licencesExpiringByMonth,
  vehiclesByType,
  vehiclesByRegistrationYear,
  registrationsByMonth,
  taxpayersByStatus,
  taxpayersByIncomeBand,
];
