CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"user_id" uuid,
	"recipient" text NOT NULL,
	"event" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notices_status_known" CHECK ("notices"."status" in ('queued', 'held', 'sent', 'outbox', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"cadence" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_preferences_user_id_event_pk" PRIMARY KEY("user_id","event"),
	CONSTRAINT "notification_preferences_channel" CHECK ("notification_preferences"."channel" in ('email', 'none')),
	CONSTRAINT "notification_preferences_cadence" CHECK ("notification_preferences"."cadence" in ('immediate', 'daily'))
);
--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notices_practice_created_idx" ON "notices" USING btree ("practice_id","created_at");--> statement-breakpoint
-- Notices belong to one practice: the same row-level security as every tenant table (0001_security.sql).
-- Preferences belong to a person, not a practice: read and written only through their own account's
-- routes, as the owner; tandem_app only reads those of the practice's members, to honour them when the
-- practice's work sends a notice.
GRANT SELECT, INSERT, UPDATE ON notices TO tandem_app;
--> statement-breakpoint
GRANT SELECT ON notification_preferences TO tandem_app;
--> statement-breakpoint
ALTER TABLE notices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notices_tenant ON notices TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_preferences_member_read ON notification_preferences FOR SELECT TO tandem_app
  USING (user_id IN (SELECT user_id FROM memberships WHERE practice_id = tandem_current_practice()));
