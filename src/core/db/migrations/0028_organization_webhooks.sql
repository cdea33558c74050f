ALTER TABLE "webhook_attempts" ALTER COLUMN "practice_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "practice_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "practice_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhooks_organization_created_idx" ON "webhooks" USING btree ("organization_id","created_at");--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_owner" CHECK ("webhook_deliveries"."practice_id" is not null or "webhook_deliveries"."organization_id" is not null);--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_one_owner" CHECK (("webhooks"."practice_id" is null) <> ("webhooks"."organization_id" is null));--> statement-breakpoint
-- Organisation webhooks: an MSP's administrators register them once and hear every practice the
-- organisation serves. Organisation routes run as tandem_app with app.organization_id set
-- (withOrganization in core/tenancy/with-tenant.ts); its rows are invisible to a practice's
-- transaction, and a practice's rows to the organisation's.
CREATE FUNCTION tandem_current_organization() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.organization_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE POLICY webhooks_organization ON webhooks TO tandem_app USING (organization_id = tandem_current_organization()) WITH CHECK (organization_id = tandem_current_organization());
--> statement-breakpoint
-- A delivery to an organisation's webhook names the practice it is about, yet is the
-- organisation's alone: the practice policies now exclude organisation rows.
DROP POLICY webhook_deliveries_tenant ON webhook_deliveries;
--> statement-breakpoint
CREATE POLICY webhook_deliveries_tenant ON webhook_deliveries TO tandem_app USING (practice_id = tandem_current_practice() AND organization_id IS NULL) WITH CHECK (practice_id = tandem_current_practice() AND organization_id IS NULL);
--> statement-breakpoint
CREATE POLICY webhook_deliveries_organization ON webhook_deliveries TO tandem_app USING (organization_id = tandem_current_organization()) WITH CHECK (organization_id = tandem_current_organization());
--> statement-breakpoint
DROP POLICY webhook_attempts_tenant ON webhook_attempts;
--> statement-breakpoint
CREATE POLICY webhook_attempts_tenant ON webhook_attempts TO tandem_app USING (practice_id = tandem_current_practice() AND organization_id IS NULL) WITH CHECK (practice_id = tandem_current_practice() AND organization_id IS NULL);
--> statement-breakpoint
CREATE POLICY webhook_attempts_organization ON webhook_attempts TO tandem_app USING (organization_id = tandem_current_organization()) WITH CHECK (organization_id = tandem_current_organization());
--> statement-breakpoint
-- A practice's event must reach the webhooks of the organisation serving it, in the practice's
-- transaction (a rolled-back change posts nothing), but that transaction may not read them.
-- Contract: inside a practice's transaction only; records a pending delivery of the body to each
-- active webhook that chose the event, of the organisation serving the current practice at the
-- time of the call (none once it serves it no more); returns the new deliveries' ids, nothing else.
CREATE FUNCTION tandem_webhook_organization_deliveries(fan_event text, fan_event_id uuid, fan_body text, fan_at timestamptz)
RETURNS SETOF uuid
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO webhook_deliveries (id, webhook_id, practice_id, organization_id, event_id, event, body, status, attempts, created_at)
  SELECT gen_random_uuid(), w.id, p.id, w.organization_id, fan_event_id, fan_event, fan_body, 'pending', 0, fan_at
    FROM practices p JOIN webhooks w ON w.organization_id = p.organization_id
   WHERE p.id = tandem_current_practice() AND w.active AND fan_event = ANY (w.events)
  RETURNING id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_webhook_organization_deliveries(text, uuid, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_webhook_organization_deliveries(text, uuid, text, timestamptz) TO tandem_app;
