DROP MATERIALIZED VIEW "population"."stat_eid_accounts";--> statement-breakpoint
DROP MATERIALIZED VIEW "health_insurance"."stat_insured_by_beneficiary_group";--> statement-breakpoint
DROP MATERIALIZED VIEW "driving"."stat_licences_by_class";--> statement-breakpoint
DROP MATERIALIZED VIEW "driving"."stat_licences_by_status";--> statement-breakpoint
DROP MATERIALIZED VIEW "driving"."stat_licences_expiring_by_month";--> statement-breakpoint
DROP MATERIALIZED VIEW "population"."stat_population_by_sex_and_age";--> statement-breakpoint
DROP MATERIALIZED VIEW "vehicles"."stat_registrations_by_month";--> statement-breakpoint
DROP MATERIALIZED VIEW "population"."stat_residence";--> statement-breakpoint
DROP MATERIALIZED VIEW "tax"."stat_taxpayers_by_income_band";--> statement-breakpoint
DROP MATERIALIZED VIEW "tax"."stat_taxpayers_by_status";--> statement-breakpoint
DROP MATERIALIZED VIEW "vehicles"."stat_vehicles_by_registration_year";--> statement-breakpoint
DROP MATERIALIZED VIEW "vehicles"."stat_vehicles_by_type";--> statement-breakpoint
CREATE MATERIALIZED VIEW "population"."stat_residents" AS (select distinct on (r.personal_id) r.personal_id, r.province_code
  from population.residences r
  join population.citizens c on c.personal_id = r.personal_id
  where r.kind = 'PERMANENT' and (r.ended_on is null or r.ended_on >= current_date)
    and c.deceased_on is null
  order by r.personal_id, r.registered_on desc) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "population"."stat_eid_accounts" AS (select province, category, count(*)::int as count from (select r.province_code as province, coalesce('LEVEL_' || e.level, 'NONE') as category
    from population.stat_residents r left join population.eid_accounts e on e.personal_id = r.personal_id) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "health_insurance"."stat_insured_by_beneficiary_group" AS (select province, category, count(*)::int as count from (select r.province_code as province, c.beneficiary_group::text as category
      from population.stat_residents r join health_insurance.cards c on c.personal_id = r.personal_id
      where c.valid_from <= current_date and c.valid_until >= current_date) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "driving"."stat_licences_by_class" AS (select province, category, count(*)::int as count from (select r.province_code as province, l.class as category
    from population.stat_residents r join driving.licences l on l.personal_id = r.personal_id) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "driving"."stat_licences_by_status" AS (select province, category, count(*)::int as count from (select r.province_code as province, l.status as category
    from population.stat_residents r join driving.licences l on l.personal_id = r.personal_id) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "driving"."stat_licences_expiring_by_month" AS (select province, category, count(*)::int as count from (select r.province_code as province, to_char(l.expires_on, 'YYYY-MM') as category
      from population.stat_residents r join driving.licences l on l.personal_id = r.personal_id
      where l.expires_on >= date_trunc('month', current_date)
        and l.expires_on < date_trunc('month', current_date) + interval '24 months') t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "population"."stat_population_by_sex_and_age" AS (select province, category, count(*)::int as count from (select r.province_code as province, c.sex || ':' || case
        when a.years >= 100 then '100+'
        else lpad((a.years / 5 * 5)::text, 2, '0') || '-' || lpad((a.years / 5 * 5 + 4)::text, 2, '0')
      end as category
    from population.stat_residents r
    join population.citizens c on c.personal_id = r.personal_id
    cross join lateral (select extract(year from age(current_date, c.date_of_birth))::int as years) a) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "vehicles"."stat_registrations_by_month" AS (select province, category, count(*)::int as count from (select r.province_code as province, to_char(v.registered_on, 'YYYY-MM') as category
      from population.stat_residents r join vehicles.registrations v on v.personal_id = r.personal_id
      where v.registered_on >= date_trunc('month', current_date) - interval '23 months'
        and v.registered_on < date_trunc('month', current_date) + interval '1 month') t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "population"."stat_residence" AS (select province, category, count(*)::int as count from (select r.province_code as province,
      case when exists (
        select 1 from population.residences t
        where t.personal_id = r.personal_id and t.kind = 'TEMPORARY'
          and (t.ended_on is null or t.ended_on >= current_date)
      ) then 'ALSO_TEMPORARY' else 'PERMANENT_ONLY' end as category
    from population.stat_residents r) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "tax"."stat_taxpayers_by_income_band" AS (select province, category, count(*)::int as count from (select r.province_code as province,
        case when d.income >= 960000000 then '960+' when d.income >= 480000000 then '480-960' when d.income >= 240000000 then '240-480' when d.income >= 120000000 then '120-240' when d.income >= 60000000 then '60-120' when d.income >= 0 then '0-60' else 'NOT_FILED' end as category
      from population.stat_residents r join tax.taxpayers t on t.personal_id = r.personal_id
      left join tax.declarations d on d.personal_id = t.personal_id
        and d.year = extract(year from current_date)::int - 1) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "tax"."stat_taxpayers_by_status" AS (select province, category, count(*)::int as count from (select r.province_code as province, t.status as category
    from population.stat_residents r join tax.taxpayers t on t.personal_id = r.personal_id) t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "vehicles"."stat_vehicles_by_registration_year" AS (select province, category, count(*)::int as count from (select r.province_code as province,
        extract(year from v.registered_on)::int::text as category
      from population.stat_residents r join vehicles.registrations v on v.personal_id = r.personal_id
      where v.status = 'ACTIVE') t group by 1, 2) WITH NO DATA;--> statement-breakpoint
CREATE MATERIALIZED VIEW "vehicles"."stat_vehicles_by_type" AS (select province, category, count(*)::int as count from (select r.province_code as province, v.vehicle_type as category
    from population.stat_residents r join vehicles.registrations v on v.personal_id = r.personal_id
    where v.status = 'ACTIVE') t group by 1, 2) WITH NO DATA;--> statement-breakpoint
-- The views were recreated: their unique keys (0008), which REFRESH … CONCURRENTLY needs, again.
CREATE UNIQUE INDEX "stat_population_by_sex_and_age_key" ON "population"."stat_population_by_sex_and_age" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_residence_key" ON "population"."stat_residence" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_eid_accounts_key" ON "population"."stat_eid_accounts" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_insured_by_beneficiary_group_key" ON "health_insurance"."stat_insured_by_beneficiary_group" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_licences_by_class_key" ON "driving"."stat_licences_by_class" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_licences_by_status_key" ON "driving"."stat_licences_by_status" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_licences_expiring_by_month_key" ON "driving"."stat_licences_expiring_by_month" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_vehicles_by_type_key" ON "vehicles"."stat_vehicles_by_type" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_vehicles_by_registration_year_key" ON "vehicles"."stat_vehicles_by_registration_year" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_registrations_by_month_key" ON "vehicles"."stat_registrations_by_month" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_taxpayers_by_status_key" ON "tax"."stat_taxpayers_by_status" (province, category);
--> statement-breakpoint
CREATE UNIQUE INDEX "stat_taxpayers_by_income_band_key" ON "tax"."stat_taxpayers_by_income_band" (province, category);
