CREATE TABLE "ticket_sla_alerts" (
	"ticket_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"level" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_sla_alerts_ticket_id_clock_level_pk" PRIMARY KEY("ticket_id","clock","level")
);
--> statement-breakpoint
ALTER TABLE "ticket_sla_alerts" ADD CONSTRAINT "ticket_sla_alerts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla_alerts" ADD CONSTRAINT "ticket_sla_alerts_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
GRANT SELECT, INSERT ON ticket_sla_alerts TO tandem_app;
--> statement-breakpoint
ALTER TABLE ticket_sla_alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_sla_alerts_tenant ON ticket_sla_alerts TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
