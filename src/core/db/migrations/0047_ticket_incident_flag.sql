ALTER TABLE "tickets" ADD COLUMN "incident" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The incident tickets opened so far: those a monitoring check or a backup job points at.
UPDATE "tickets" SET "incident" = true WHERE "id" IN (
  SELECT "incident_ticket_id" FROM "monitor_checks" WHERE "incident_ticket_id" IS NOT NULL
  UNION SELECT "incident_ticket_id" FROM "backup_jobs" WHERE "incident_ticket_id" IS NOT NULL);
