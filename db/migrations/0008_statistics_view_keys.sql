-- A unique key per statistics view, so that REFRESH MATERIALIZED VIEW CONCURRENTLY keeps them readable while they refresh.
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
