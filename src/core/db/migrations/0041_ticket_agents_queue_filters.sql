ALTER TABLE "tickets" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "agent_label" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_queue_agent_idx" ON "tickets" USING btree ("practice_id","agent_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_side_idx" ON "tickets" USING btree ("practice_id","assignee_side","created_at","id");