CREATE SCHEMA "population";
--> statement-breakpoint
CREATE SCHEMA "health_insurance";
--> statement-breakpoint
CREATE SCHEMA "driving";
--> statement-breakpoint
CREATE SCHEMA "vehicles";
--> statement-breakpoint
CREATE SCHEMA "tax";
--> statement-breakpoint
CREATE TABLE "population"."citizens" (
	"personal_id" char(12) PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text NOT NULL,
	"nationality" text NOT NULL,
	"ethnicity" text NOT NULL,
	"religion" text NOT NULL,
	"place_of_origin" text NOT NULL,
	"id_card_number" text,
	"id_card_issued_on" date,
	"id_card_expires_on" date,
	"deceased_on" date
);
--> statement-breakpoint
CREATE TABLE "population"."eid_accounts" (
	"personal_id" char(12) PRIMARY KEY NOT NULL,
	"level" smallint NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "population"."family_links" (
	"personal_id" char(12) NOT NULL,
	"guardian_personal_id" char(12) NOT NULL,
	"relation" text NOT NULL,
	CONSTRAINT "family_links_personal_id_guardian_personal_id_pk" PRIMARY KEY("personal_id","guardian_personal_id")
);
--> statement-breakpoint
CREATE TABLE "population"."residences" (
	"personal_id" char(12) NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"commune_code" text NOT NULL,
	"province_code" text NOT NULL,
	"registered_on" date NOT NULL,
	"ended_on" date,
	CONSTRAINT "residences_personal_id_kind_registered_on_pk" PRIMARY KEY("personal_id","kind","registered_on")
);
--> statement-breakpoint
CREATE TABLE "health_insurance"."cards" (
	"personal_id" char(12) PRIMARY KEY NOT NULL,
	"social_insurance_number" char(10) NOT NULL,
	"beneficiary_group" char(2) NOT NULL,
	"benefit_level" smallint NOT NULL,
	"facility_code" text NOT NULL,
	"facility_name" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"continuous_since" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "driving"."licences" (
	"personal_id" char(12) NOT NULL,
	"licence_number" char(12) NOT NULL,
	"class" text NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date,
	"issuing_authority" text NOT NULL,
	"status" text NOT NULL,
	"points_left" smallint NOT NULL,
	CONSTRAINT "licences_personal_id_licence_number_class_pk" PRIMARY KEY("personal_id","licence_number","class")
);
--> statement-breakpoint
CREATE TABLE "vehicles"."registrations" (
	"personal_id" char(12) NOT NULL,
	"plate" text NOT NULL,
	"vehicle_type" text NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"colour" text NOT NULL,
	"chassis_number" text NOT NULL,
	"engine_number" text NOT NULL,
	"registered_on" date NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "registrations_personal_id_plate_pk" PRIMARY KEY("personal_id","plate")
);
--> statement-breakpoint
CREATE TABLE "tax"."declarations" (
	"personal_id" char(12) NOT NULL,
	"year" smallint NOT NULL,
	"income" bigint NOT NULL,
	"tax_paid" bigint NOT NULL,
	CONSTRAINT "declarations_personal_id_year_pk" PRIMARY KEY("personal_id","year")
);
--> statement-breakpoint
CREATE TABLE "tax"."outstanding" (
	"personal_id" char(12) NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"amount" bigint NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "outstanding_personal_id_kind_period_pk" PRIMARY KEY("personal_id","kind","period")
);
--> statement-breakpoint
CREATE TABLE "tax"."taxpayers" (
	"personal_id" char(12) PRIMARY KEY NOT NULL,
	"tax_office" text NOT NULL,
	"status" text NOT NULL,
	"registered_on" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "family_links_guardian_idx" ON "population"."family_links" USING btree ("guardian_personal_id");--> statement-breakpoint
CREATE INDEX "cards_social_insurance_number_idx" ON "health_insurance"."cards" USING btree ("social_insurance_number");--> statement-breakpoint
CREATE INDEX "registrations_plate_idx" ON "vehicles"."registrations" USING btree ("plate");