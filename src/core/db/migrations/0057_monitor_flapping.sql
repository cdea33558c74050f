ALTER TABLE "monitor_checks" ADD COLUMN "flap_history" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "flap_runs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "flapping" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "flapping_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD COLUMN "incident_open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A check down with an incident before this migration has it open (its last alert was down).
UPDATE "monitor_checks" SET "incident_open" = true WHERE "state" = 'down' AND NOT "suppressed" AND "incident_ticket_id" IS NOT NULL;
