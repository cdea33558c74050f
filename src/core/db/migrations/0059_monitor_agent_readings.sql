CREATE TABLE "monitor_agent_readings" (
	"practice_id" uuid NOT NULL,
	"check_id" uuid NOT NULL,
	"device_id" uuid,
	"hour" timestamp with time zone NOT NULL,
	"heartbeats" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"disk_free_count" integer NOT NULL,
	"disk_free_sum" real NOT NULL,
	"disk_free_min" real,
	"disk_free_max" real,
	"cpu_count" integer NOT NULL,
	"cpu_sum" real NOT NULL,
	"cpu_min" real,
	"cpu_max" real,
	"os_version" text,
	"protection" text,
	"protection_name" text,
	"last_boot" timestamp with time zone,
	CONSTRAINT "monitor_agent_readings_check_id_hour_pk" PRIMARY KEY("check_id","hour"),
	CONSTRAINT "monitor_agent_readings_protection_known" CHECK ("monitor_agent_readings"."protection" is null or "monitor_agent_readings"."protection" in ('current', 'outdated', 'none'))
);
--> statement-breakpoint
ALTER TABLE "monitor_agent_readings" ADD CONSTRAINT "monitor_agent_readings_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_agent_readings" ADD CONSTRAINT "monitor_agent_readings_check_id_monitor_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."monitor_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_agent_readings_device_idx" ON "monitor_agent_readings" USING btree ("practice_id","device_id","hour") WHERE "monitor_agent_readings"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "monitor_agent_readings_hour_idx" ON "monitor_agent_readings" USING btree ("hour");--> statement-breakpoint
-- A reading names a device of the same practice's inventory, as its check does (0051): the key
-- includes the practice, and deleting the device only clears the link (the check keeps its
-- readings). By hand: drizzle cannot express SET NULL of one column.
ALTER TABLE "monitor_agent_readings" ADD CONSTRAINT "monitor_agent_readings_device_fk" FOREIGN KEY ("practice_id","device_id") REFERENCES "devices"("practice_id","id") ON DELETE SET NULL ("device_id");--> statement-breakpoint
-- Heartbeats add to their hour under the practice's row-level security; the hourly upkeep deletes
-- expired hours as the owner, for every practice.
GRANT SELECT, INSERT, UPDATE, DELETE ON monitor_agent_readings TO tandem_app;--> statement-breakpoint
ALTER TABLE monitor_agent_readings ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY monitor_agent_readings_tenant ON monitor_agent_readings TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
