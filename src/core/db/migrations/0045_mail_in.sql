CREATE TABLE "inbound_mail" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"recipient" text NOT NULL,
	"sender" text NOT NULL,
	"outcome" text NOT NULL,
	"ticket_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_mail_outcome_known" CHECK ("inbound_mail"."outcome" in ('reply', 'note_unknown_sender', 'ticket', 'ticket_unknown_sender', 'backup_report', 'dropped_auto_reply', 'dropped_rate_limit', 'dropped_closed_ticket'))
);
--> statement-breakpoint
CREATE TABLE "mail_addresses" (
	"token" text PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"desk_id" uuid,
	"ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_addresses_kind_target" CHECK (("mail_addresses"."kind" = 'desk' and "mail_addresses"."desk_id" is not null and "mail_addresses"."ticket_id" is null) or ("mail_addresses"."kind" = 'reply' and "mail_addresses"."ticket_id" is not null and "mail_addresses"."desk_id" is null))
);
--> statement-breakpoint
ALTER TABLE "backup_jobs" DROP CONSTRAINT "backup_jobs_result_known";--> statement-breakpoint
ALTER TABLE "backup_reports" DROP CONSTRAINT "backup_reports_result_known";--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "headers" jsonb;--> statement-breakpoint
ALTER TABLE "inbound_mail" ADD CONSTRAINT "inbound_mail_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_addresses" ADD CONSTRAINT "mail_addresses_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mail_message_idx" ON "inbound_mail" USING btree ("practice_id","recipient","message_id");--> statement-breakpoint
CREATE INDEX "inbound_mail_sender_idx" ON "inbound_mail" USING btree ("practice_id","sender","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_addresses_desk_idx" ON "mail_addresses" USING btree ("desk_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_addresses_ticket_idx" ON "mail_addresses" USING btree ("ticket_id");--> statement-breakpoint
ALTER TABLE "backup_jobs" ADD CONSTRAINT "backup_jobs_result_known" CHECK ("backup_jobs"."last_result" in ('success', 'warning', 'failed', 'unknown'));--> statement-breakpoint
ALTER TABLE "backup_reports" ADD CONSTRAINT "backup_reports_result_known" CHECK ("backup_reports"."result" in ('success', 'warning', 'failed', 'unknown'));--> statement-breakpoint
GRANT SELECT, INSERT ON mail_addresses TO tandem_app;
--> statement-breakpoint
ALTER TABLE mail_addresses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_addresses_tenant ON mail_addresses TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
GRANT SELECT, INSERT ON inbound_mail TO tandem_app;
--> statement-breakpoint
ALTER TABLE inbound_mail ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY inbound_mail_tenant ON inbound_mail TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
