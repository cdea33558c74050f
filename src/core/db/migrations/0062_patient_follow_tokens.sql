CREATE TABLE "patient_follow_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "patient_follow_tokens" ADD CONSTRAINT "patient_follow_tokens_ticket_id_patient_requests_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."patient_requests"("ticket_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_follow_tokens" ADD CONSTRAINT "patient_follow_tokens_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Follow tokens emailed after the first (the first stays in patient_requests): written when a
-- patient is emailed of a reply or resolution, read as the owner to find a token's ticket.
GRANT SELECT, INSERT ON patient_follow_tokens TO tandem_app;
--> statement-breakpoint
ALTER TABLE patient_follow_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY patient_follow_tokens_tenant ON patient_follow_tokens TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
