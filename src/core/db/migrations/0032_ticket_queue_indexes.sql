DROP INDEX "tickets_practice_created_idx";--> statement-breakpoint
DROP INDEX "tickets_practice_desk_status_idx";--> statement-breakpoint
DROP INDEX "tickets_practice_assignee_idx";--> statement-breakpoint
DROP INDEX "tickets_practice_resolution_due_idx";--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" USING btree ("practice_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_desk_idx" ON "tickets" USING btree ("practice_id","desk_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_status_idx" ON "tickets" USING btree ("practice_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_desk_status_idx" ON "tickets" USING btree ("practice_id","desk_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_assignee_idx" ON "tickets" USING btree ("practice_id","assignee_party_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_desk_assignee_idx" ON "tickets" USING btree ("practice_id","desk_id","assignee_party_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_queue_open_idx" ON "tickets" USING btree ("practice_id","created_at","id") WHERE status not in ('resolved', 'closed');--> statement-breakpoint
CREATE INDEX "tickets_queue_desk_open_idx" ON "tickets" USING btree ("practice_id","desk_id","created_at","id") WHERE status not in ('resolved', 'closed');