CREATE TABLE "matrix_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"note" text,
	"source" text NOT NULL,
	"matrix" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone,
	"practice_agreed_by" uuid,
	"practice_agreed_at" timestamp with time zone,
	"msp_agreed_by" uuid,
	"msp_agreed_at" timestamp with time zone,
	"agreed_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "matrix_versions_practice_number_key" UNIQUE("practice_id","number"),
	CONSTRAINT "matrix_versions_status_known" CHECK ("matrix_versions"."status" in ('draft', 'proposed', 'agreed', 'superseded')),
	CONSTRAINT "matrix_versions_number_positive" CHECK ("matrix_versions"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD CONSTRAINT "matrix_versions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD CONSTRAINT "matrix_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD CONSTRAINT "matrix_versions_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD CONSTRAINT "matrix_versions_practice_agreed_by_users_id_fk" FOREIGN KEY ("practice_agreed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matrix_versions" ADD CONSTRAINT "matrix_versions_msp_agreed_by_users_id_fk" FOREIGN KEY ("msp_agreed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "matrix_versions_one_agreed_idx" ON "matrix_versions" USING btree ("practice_id") WHERE "matrix_versions"."status" = 'agreed';--> statement-breakpoint
CREATE UNIQUE INDEX "matrix_versions_one_open_idx" ON "matrix_versions" USING btree ("practice_id") WHERE "matrix_versions"."status" in ('draft', 'proposed');