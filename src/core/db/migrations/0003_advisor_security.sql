-- Stored assessments belong to one practice: the same row-level security as every tenant table
-- (see 0001_security.sql). Hand-written (drizzle-kit --custom).
GRANT SELECT, INSERT ON assessments TO tandem_app;
--> statement-breakpoint
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY assessments_tenant ON assessments TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
