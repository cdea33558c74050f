CREATE TABLE "monitor_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"settings" jsonb NOT NULL,
	"interval_seconds" integer NOT NULL,
	"failure_threshold" integer NOT NULL,
	"recovery_threshold" integer NOT NULL,
	"activity" text NOT NULL,
	"parent_id" uuid,
	"allow_private_targets" boolean NOT NULL,
	"push_token_hash" text,
	"last_ping_at" timestamp with time zone,
	"paused" boolean NOT NULL,
	"state" text NOT NULL,
	"state_since" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"suppressed" boolean DEFAULT false NOT NULL,
	"incident_ticket_id" uuid,
	"last_checked_at" timestamp with time zone,
	"last_ok" boolean,
	"last_message" text,
	"last_latency_ms" integer,
	"next_run_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_owner" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monitor_checks_kind_known" CHECK ("monitor_checks"."kind" in ('http', 'tcp', 'push', 'tls')),
	CONSTRAINT "monitor_checks_state_known" CHECK ("monitor_checks"."state" in ('pending', 'up', 'down', 'maintenance', 'paused'))
);
--> statement-breakpoint
CREATE TABLE "monitor_maintenance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"check_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monitor_maintenance_ends_after_start" CHECK ("monitor_maintenance"."ends_at" > "monitor_maintenance"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "monitor_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"check_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer,
	"message" text NOT NULL,
	"in_maintenance" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_checks" ADD CONSTRAINT "monitor_checks_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD CONSTRAINT "monitor_maintenance_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD CONSTRAINT "monitor_maintenance_check_id_monitor_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."monitor_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_results" ADD CONSTRAINT "monitor_results_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_results" ADD CONSTRAINT "monitor_results_check_id_monitor_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."monitor_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_checks_practice_created_idx" ON "monitor_checks" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "monitor_checks_due_idx" ON "monitor_checks" USING btree ("next_run_at") WHERE not "monitor_checks"."paused";--> statement-breakpoint
CREATE INDEX "monitor_checks_push_token_idx" ON "monitor_checks" USING btree ("push_token_hash");--> statement-breakpoint
CREATE INDEX "monitor_maintenance_check_idx" ON "monitor_maintenance" USING btree ("check_id","ends_at");--> statement-breakpoint
CREATE INDEX "monitor_results_check_at_idx" ON "monitor_results" USING btree ("check_id","at");--> statement-breakpoint
-- Checks, their results and maintenance windows belong to one practice: the same row-level security
-- as every tenant table (0001_security.sql). The scheduler claims due checks as the owner, across
-- practices, and records each run in that practice's transaction.
GRANT SELECT, INSERT, UPDATE, DELETE ON monitor_checks TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON monitor_results TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON monitor_maintenance TO tandem_app;
--> statement-breakpoint
ALTER TABLE monitor_checks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY monitor_checks_tenant ON monitor_checks TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE monitor_results ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY monitor_results_tenant ON monitor_results TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE monitor_maintenance ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY monitor_maintenance_tenant ON monitor_maintenance TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
