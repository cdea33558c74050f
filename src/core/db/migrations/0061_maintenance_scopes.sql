-- A maintenance window covers one check, one device (its checks) or one site (the checks of its
-- devices): exactly one of the three is set. The device key includes the practice, as for checks
-- (0051), so no window can name another practice's device; deleting the device deletes its windows.
ALTER TABLE "monitor_maintenance" ALTER COLUMN "check_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "device_id" uuid;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "site" text;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD CONSTRAINT "monitor_maintenance_device_fk" FOREIGN KEY ("practice_id","device_id") REFERENCES "public"."devices"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_maintenance_device_idx" ON "monitor_maintenance" USING btree ("practice_id","device_id","ends_at") WHERE "monitor_maintenance"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "monitor_maintenance_site_idx" ON "monitor_maintenance" USING btree ("practice_id","site","ends_at") WHERE "monitor_maintenance"."site" is not null;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD CONSTRAINT "monitor_maintenance_one_scope" CHECK (num_nonnulls("monitor_maintenance"."check_id", "monitor_maintenance"."device_id", "monitor_maintenance"."site") = 1);