CREATE TABLE "desks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"calendar" jsonb NOT NULL,
	"sla" jsonb NOT NULL,
	"categories" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "desks_kind_check" CHECK ("desks"."kind" in ('it', 'clinical', 'patient'))
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"body" text,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"desk_id" uuid NOT NULL,
	"category" text NOT NULL,
	"requester_id" uuid,
	"requester_label" text NOT NULL,
	"phi" boolean NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"impact" text NOT NULL,
	"urgency" text NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"waiting_reason" text,
	"assignee_party_id" text,
	"assignee_party_name" text,
	"assignee_side" text,
	"triage_reason" text,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"paused_since" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "desks" ADD CONSTRAINT "desks_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_desk_id_desks_id_fk" FOREIGN KEY ("desk_id") REFERENCES "public"."desks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "desks_practice_kind_idx" ON "desks" USING btree ("practice_id","kind");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE INDEX "tickets_practice_created_idx" ON "tickets" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_practice_desk_status_idx" ON "tickets" USING btree ("practice_id","desk_id","status","created_at");--> statement-breakpoint
CREATE INDEX "tickets_practice_assignee_idx" ON "tickets" USING btree ("practice_id","assignee_party_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_practice_resolution_due_idx" ON "tickets" USING btree ("practice_id","resolution_due_at");--> statement-breakpoint
-- Row-level security for the desk tables, in the migration that creates them (see 0001_security.sql).
-- Ticket events are the ticket's history: the application may add them, never change or remove them.
GRANT SELECT, INSERT, UPDATE ON desks TO tandem_app;
--> statement-breakpoint
ALTER TABLE desks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY desks_tenant ON desks TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON tickets TO tandem_app;
--> statement-breakpoint
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tickets_tenant ON tickets TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
GRANT SELECT, INSERT ON ticket_events TO tandem_app;
--> statement-breakpoint
ALTER TABLE ticket_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_events_tenant ON ticket_events TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
