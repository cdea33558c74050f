CREATE TABLE "ticket_time_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"party_id" text NOT NULL,
	"party_name" text NOT NULL,
	"party_side" text NOT NULL,
	"worked_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"billing" text NOT NULL,
	"note" text,
	"by_id" uuid,
	"by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_time_entries_billing_check" CHECK ("ticket_time_entries"."billing" in ('contract', 'billable')),
	CONSTRAINT "ticket_time_entries_minutes_check" CHECK ("ticket_time_entries"."minutes" <> 0 and abs("ticket_time_entries"."minutes") <= 1440)
);
--> statement-breakpoint
ALTER TABLE "ticket_time_entries" ADD CONSTRAINT "ticket_time_entries_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_time_entries" ADD CONSTRAINT "ticket_time_entries_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_time_entries" ADD CONSTRAINT "ticket_time_entries_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_time_entries_ticket_idx" ON "ticket_time_entries" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_time_entries_month_idx" ON "ticket_time_entries" USING btree ("practice_id","worked_on");--> statement-breakpoint
GRANT SELECT, INSERT ON ticket_time_entries TO tandem_app;
--> statement-breakpoint
ALTER TABLE ticket_time_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_time_entries_tenant ON ticket_time_entries TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
