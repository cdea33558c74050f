-- Patient contacts belong to one practice: the same row-level security as every tenant table
-- (see 0001_security.sql). Hand-written (drizzle-kit --custom).
GRANT SELECT, INSERT, UPDATE, DELETE ON patient_contacts TO tandem_app;
--> statement-breakpoint
ALTER TABLE patient_contacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY patient_contacts_tenant ON patient_contacts TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
