-- Matrix versions belong to one practice: the same row-level security as every tenant table
-- (see 0001_security.sql). No DELETE: the history of versions is kept for good.
-- Hand-written (drizzle-kit --custom).
GRANT SELECT, INSERT, UPDATE ON matrix_versions TO tandem_app;
--> statement-breakpoint
ALTER TABLE matrix_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY matrix_versions_tenant ON matrix_versions TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
