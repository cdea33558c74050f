ALTER TABLE "tickets" ADD COLUMN "search_text" "tsvector";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search_notes" "tsvector";--> statement-breakpoint
-- Existing tickets' words: title, description and public replies; notes apart. Patient-desk text is encrypted, so not indexed.
UPDATE "tickets" t SET
  "search_text" = to_tsvector('english', t.title || ' ' || t.description || ' ' || coalesce(
    (SELECT string_agg(e.body, ' ' ORDER BY e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'reply'), '')),
  "search_notes" = (SELECT to_tsvector('english', string_agg(e.body, ' ' ORDER BY e.at)) FROM ticket_events e
    WHERE e.ticket_id = t.id AND e.kind = 'note')
WHERE NOT t.phi;--> statement-breakpoint
CREATE INDEX "tickets_search_text_idx" ON "tickets" USING gin ("search_text");--> statement-breakpoint
CREATE INDEX "tickets_search_notes_idx" ON "tickets" USING gin ("search_notes");
