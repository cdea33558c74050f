CREATE TABLE "backup_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"name" text NOT NULL,
	"destination" text NOT NULL,
	"medium" text NOT NULL,
	"immutable" boolean NOT NULL,
	"schedule" text NOT NULL,
	"rpo_hours" integer NOT NULL,
	"retention_days" integer NOT NULL,
	"activity" text NOT NULL,
	"paused" boolean NOT NULL,
	"token_hash" text NOT NULL,
	"last_good_at" timestamp with time zone,
	"last_report_at" timestamp with time zone,
	"last_result" text,
	"last_message" text,
	"due_by" timestamp with time zone NOT NULL,
	"overdue_since" timestamp with time zone,
	"incident_ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "backup_jobs_destination_known" CHECK ("backup_jobs"."destination" in ('local', 'offsite', 'cloud')),
	CONSTRAINT "backup_jobs_medium_known" CHECK ("backup_jobs"."medium" in ('disk', 'tape', 'removable', 'cloud')),
	CONSTRAINT "backup_jobs_result_known" CHECK ("backup_jobs"."last_result" in ('success', 'warning', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "backup_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"bytes" bigint NOT NULL,
	"result" text NOT NULL,
	"message" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "backup_reports_result_known" CHECK ("backup_reports"."result" in ('success', 'warning', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "backup_restore_evidence" (
	"restore_test_id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backup_restore_tests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"job_id" uuid,
	"restored" text NOT NULL,
	"copy" text NOT NULL,
	"performed_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"rto_target_hours" integer NOT NULL,
	"result" text NOT NULL,
	"notes" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "backup_restore_tests_result_known" CHECK ("backup_restore_tests"."result" in ('passed', 'partial', 'failed')),
	CONSTRAINT "backup_restore_tests_finished_after_start" CHECK ("backup_restore_tests"."finished_at" >= "backup_restore_tests"."started_at")
);
--> statement-breakpoint
CREATE TABLE "backup_systems" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"stores_patient_data" boolean NOT NULL,
	"device_id" uuid,
	"restore_test_days" integer,
	"rto_target_hours" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "backup_systems_kind_known" CHECK ("backup_systems"."kind" in ('server', 'workstation', 'cloud_service', 'ehr_database', 'other'))
);
--> statement-breakpoint
ALTER TABLE "backup_jobs" ADD CONSTRAINT "backup_jobs_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_jobs" ADD CONSTRAINT "backup_jobs_system_id_backup_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."backup_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_reports" ADD CONSTRAINT "backup_reports_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_reports" ADD CONSTRAINT "backup_reports_job_id_backup_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."backup_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_evidence" ADD CONSTRAINT "backup_restore_evidence_restore_test_id_backup_restore_tests_id_fk" FOREIGN KEY ("restore_test_id") REFERENCES "public"."backup_restore_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_evidence" ADD CONSTRAINT "backup_restore_evidence_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_tests" ADD CONSTRAINT "backup_restore_tests_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_tests" ADD CONSTRAINT "backup_restore_tests_system_id_backup_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."backup_systems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_tests" ADD CONSTRAINT "backup_restore_tests_job_id_backup_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."backup_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_systems" ADD CONSTRAINT "backup_systems_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backup_jobs_practice_created_idx" ON "backup_jobs" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "backup_jobs_system_idx" ON "backup_jobs" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "backup_jobs_token_idx" ON "backup_jobs" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "backup_jobs_due_idx" ON "backup_jobs" USING btree ("due_by") WHERE "backup_jobs"."overdue_since" is null and not "backup_jobs"."paused";--> statement-breakpoint
CREATE INDEX "backup_jobs_overdue_idx" ON "backup_jobs" USING btree ("due_by") WHERE "backup_jobs"."overdue_since" is not null;--> statement-breakpoint
CREATE INDEX "backup_reports_job_received_idx" ON "backup_reports" USING btree ("job_id","received_at");--> statement-breakpoint
CREATE INDEX "backup_reports_job_ended_idx" ON "backup_reports" USING btree ("job_id","ended_at");--> statement-breakpoint
CREATE INDEX "backup_restore_tests_system_idx" ON "backup_restore_tests" USING btree ("system_id","finished_at");--> statement-breakpoint
CREATE INDEX "backup_restore_tests_practice_created_idx" ON "backup_restore_tests" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "backup_systems_practice_created_idx" ON "backup_systems" USING btree ("practice_id","created_at");--> statement-breakpoint
-- Protected systems, backup jobs, their reports and restore tests (with evidence) belong to one
-- practice: the same row-level security as every tenant table (0001_security.sql). The report push
-- finds its job by token hash as the owner, then writes in the practice's transaction; the RPO
-- evaluation finds overdue jobs as the owner, across practices, and acts in each practice's.
GRANT SELECT, INSERT, UPDATE, DELETE ON backup_systems TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON backup_jobs TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON backup_reports TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON backup_restore_tests TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON backup_restore_evidence TO tandem_app;
--> statement-breakpoint
ALTER TABLE backup_systems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backup_systems_tenant ON backup_systems TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE backup_jobs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backup_jobs_tenant ON backup_jobs TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE backup_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backup_reports_tenant ON backup_reports TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE backup_restore_tests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backup_restore_tests_tenant ON backup_restore_tests TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE backup_restore_evidence ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backup_restore_evidence_tenant ON backup_restore_evidence TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
