CREATE TABLE "notification_quiet_hours" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"days" integer[] NOT NULL,
	"time_zone" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_quiet_hours_times" CHECK ("notification_quiet_hours"."start" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "notification_quiet_hours"."end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "notification_quiet_hours"."start" <> "notification_quiet_hours"."end")
);
--> statement-breakpoint
-- The activity an incident ticket was placed by, which its escalation follows (src/desk/tables.ts).
ALTER TABLE "tickets" ADD COLUMN "activity" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "held_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_quiet_hours" ADD CONSTRAINT "notification_quiet_hours_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notices_held_until_idx" ON "notices" USING btree ("held_until") WHERE "notices"."status" = 'held' and "notices"."held_until" is not null;--> statement-breakpoint
-- Quiet hours belong to a person, like their preferences (0018_notices): written only through their
-- own account's routes, as the owner; tandem_app reads those of the practice's members, to honour
-- them when the practice's work sends a notice.
GRANT SELECT ON notification_quiet_hours TO tandem_app;
--> statement-breakpoint
ALTER TABLE notification_quiet_hours ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_quiet_hours_member_read ON notification_quiet_hours FOR SELECT TO tandem_app
  USING (user_id IN (SELECT user_id FROM memberships WHERE practice_id = tandem_current_practice()));
