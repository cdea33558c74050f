CREATE TABLE "ticket_counters" (
	"practice_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_counters" ADD CONSTRAINT "ticket_counters_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "number" integer;--> statement-breakpoint
-- Tickets opened before numbers existed get them in the order they were opened, per practice.
UPDATE "tickets" t SET "number" = n.number
  FROM (SELECT id, row_number() OVER (PARTITION BY practice_id ORDER BY created_at, id) AS number FROM "tickets") n
 WHERE t.id = n.id;--> statement-breakpoint
INSERT INTO "ticket_counters" ("practice_id", "last_number")
  SELECT practice_id, max("number") FROM "tickets" GROUP BY practice_id;--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_practice_number_idx" ON "tickets" USING btree ("practice_id","number");--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON ticket_counters TO tandem_app;
--> statement-breakpoint
ALTER TABLE ticket_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_counters_tenant ON ticket_counters TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
