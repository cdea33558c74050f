CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text,
	"seed" bigint NOT NULL,
	"iterations" integer NOT NULL,
	"engine_version" integer NOT NULL,
	"overall_model" text NOT NULL,
	"recommended_risk_adjusted_cents" bigint NOT NULL,
	"current_risk_adjusted_cents" bigint NOT NULL,
	"profile" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	CONSTRAINT "assessments_overall_model_known" CHECK ("assessments"."overall_model" in ('in_house', 'co_managed', 'fully_managed', 'hybrid'))
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_practice_created_idx" ON "assessments" USING btree ("practice_id","created_at");