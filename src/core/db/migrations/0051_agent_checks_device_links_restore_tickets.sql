ALTER TABLE "monitor_checks" DROP CONSTRAINT "monitor_checks_kind_known";--> statement-breakpoint
ALTER TABLE "backup_systems" ADD COLUMN "restore_overdue_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "backup_systems" ADD COLUMN "restore_ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "device_id" uuid;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "agent_facts" jsonb;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "device_id" uuid;--> statement-breakpoint
CREATE INDEX "tickets_device_idx" ON "tickets" USING btree ("practice_id","device_id","created_at") WHERE "tickets"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "monitor_checks_device_idx" ON "monitor_checks" USING btree ("practice_id","device_id") WHERE "monitor_checks"."device_id" is not null;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_kind_known" CHECK ("monitor_checks"."kind" in ('http', 'tcp', 'push', 'tls', 'dns', 'agent'));--> statement-breakpoint
-- Checks and tickets may name a device of the same practice's inventory, as backup systems do
-- (0038): the key includes the practice, so no row can point at another practice's device, and
-- deleting the device only clears the link. (By hand: drizzle cannot express SET NULL of one column.)
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_device_fk" FOREIGN KEY ("practice_id","device_id") REFERENCES "devices"("practice_id","id") ON DELETE SET NULL ("device_id");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_device_fk" FOREIGN KEY ("practice_id","device_id") REFERENCES "devices"("practice_id","id") ON DELETE SET NULL ("device_id");
