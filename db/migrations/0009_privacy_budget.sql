CREATE TABLE "access"."privacy_budgets" (
	"caller_kind" text NOT NULL,
	"caller_id" text NOT NULL,
	"budget" numeric(12, 3),
	"spent" numeric(12, 3) DEFAULT '0' NOT NULL,
	CONSTRAINT "privacy_budgets_caller_kind_caller_id_pk" PRIMARY KEY("caller_kind","caller_id"),
	CONSTRAINT "privacy_budgets_spent_check" CHECK ("access"."privacy_budgets"."spent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "access"."privacy_debits" (
	"id" uuid PRIMARY KEY DEFAULT access.uuid_v7() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" text NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text NOT NULL,
	"statistic" text NOT NULL,
	"epsilon" numeric(12, 3) NOT NULL,
	"remaining" numeric(12, 3) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "privacy_debits_caller_at_idx" ON "access"."privacy_debits" USING btree ("caller_kind","caller_id","at");