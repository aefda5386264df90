CREATE TABLE "access"."share_credentials" (
	"personal_id" char(12) NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"audience" text NOT NULL,
	"fields" text[] NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_credentials_personal_id_id_pk" PRIMARY KEY("personal_id","id")
);
