ALTER TABLE "monitor_maintenance" ADD COLUMN "repeat_every" text;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "repeat_weekdays" smallint;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "repeat_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD CONSTRAINT "monitor_maintenance_repeat_known" CHECK (("monitor_maintenance"."repeat_every" is null and "monitor_maintenance"."time_zone" is null) or ("monitor_maintenance"."repeat_every" in ('day', 'week') and "monitor_maintenance"."time_zone" is not null));