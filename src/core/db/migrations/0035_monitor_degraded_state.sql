ALTER TABLE "monitor_checks" DROP CONSTRAINT "monitor_checks_state_known";--> statement-breakpoint
ALTER TABLE "monitor_results" ADD COLUMN "degraded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_state_known" CHECK ("monitor_checks"."state" in ('pending', 'up', 'degraded', 'down', 'maintenance', 'paused'));