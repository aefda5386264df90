CREATE SCHEMA "access";
--> statement-breakpoint
CREATE TABLE "access"."audit_log" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" text NOT NULL,
	"subgraph" text NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text NOT NULL,
	"actor" text,
	"subject" text,
	"scopes" text[] NOT NULL,
	"purpose" text,
	"consent_id" uuid,
	"decision" text NOT NULL,
	"reason" text,
	CONSTRAINT "audit_log_id_pk" PRIMARY KEY("id")
);
--> statement-breakpoint
CREATE TABLE "access"."consents" (
	"personal_id" char(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"grantee_client_id" text NOT NULL,
	"scopes" text[] NOT NULL,
	"purpose" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"granted_by" text NOT NULL,
	"created_via_level" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_personal_id_id_pk" PRIMARY KEY("personal_id","id")
);
--> statement-breakpoint
CREATE TABLE "access"."grantees" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_at_idx" ON "access"."audit_log" USING btree ("subject","at");--> statement-breakpoint
CREATE INDEX "audit_log_request_idx" ON "access"."audit_log" USING btree ("request_id");