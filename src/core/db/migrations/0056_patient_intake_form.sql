CREATE TABLE "patient_requests" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"follow_token_hash" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"birth_date" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_requests_follow_token_key" UNIQUE("follow_token_hash")
);
--> statement-breakpoint
ALTER TABLE "desk_settings" ADD COLUMN "intake_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "desk_settings" ADD COLUMN "intake_asks_birth_date" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "desk_settings" ADD COLUMN "intake_form_id" text;--> statement-breakpoint
ALTER TABLE "patient_requests" ADD CONSTRAINT "patient_requests_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_requests" ADD CONSTRAINT "patient_requests_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_settings" ADD CONSTRAINT "desk_settings_intake_form_id_key" UNIQUE("intake_form_id");--> statement-breakpoint
GRANT SELECT, INSERT ON patient_requests TO tandem_app;
--> statement-breakpoint
ALTER TABLE patient_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY patient_requests_tenant ON patient_requests TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
