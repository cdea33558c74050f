CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"site" text,
	"room" text,
	"owner" text,
	"activity" text,
	"vendor" text,
	"model" text,
	"serial" text,
	"purchase_date" date,
	"warranty_end" date,
	"end_of_life" date,
	"os" text,
	"os_version" text,
	"os_support_ends" date,
	"disk_encryption" text NOT NULL,
	"endpoint_protection" text NOT NULL,
	"last_seen_at" timestamp with time zone,
	"stores_patient_data" boolean NOT NULL,
	"sources" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "devices_kind_known" CHECK ("devices"."kind" in ('workstation', 'laptop', 'server', 'network', 'tablet', 'label_printer', 'scanner', 'fax', 'signature_pad', 'dental_sensor', 'eprescribing_token', 'other')),
	CONSTRAINT "devices_disk_encryption_known" CHECK ("devices"."disk_encryption" in ('yes', 'no', 'unknown')),
	CONSTRAINT "devices_endpoint_protection_known" CHECK ("devices"."endpoint_protection" in ('yes', 'no', 'unknown'))
);
--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "devices_practice_created_idx" ON "devices" USING btree ("practice_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_practice_serial_idx" ON "devices" USING btree ("practice_id","serial") WHERE "devices"."serial" is not null;--> statement-breakpoint
CREATE INDEX "devices_practice_name_idx" ON "devices" USING btree ("practice_id","name");--> statement-breakpoint
-- A practice's devices: the same row-level security as every tenant table (0001_security.sql).
GRANT SELECT, INSERT, UPDATE, DELETE ON devices TO tandem_app;
--> statement-breakpoint
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY devices_tenant ON devices TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
