CREATE TABLE "monitor_status_pages" (
	"practice_id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"enabled" boolean NOT NULL,
	"title" text NOT NULL,
	"checks" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_status_pages" ADD CONSTRAINT "monitor_status_pages_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_status_pages_slug_idx" ON "monitor_status_pages" USING btree ("slug");--> statement-breakpoint
-- A practice manages its own page under row-level security; the public page is looked up by slug as the owner (status-page.ts).
GRANT SELECT, INSERT, UPDATE, DELETE ON monitor_status_pages TO tandem_app;--> statement-breakpoint
ALTER TABLE monitor_status_pages ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY monitor_status_pages_tenant ON monitor_status_pages TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
