-- Invitations and the audit view after the identity review. Hand-written (drizzle-kit --custom).
--
-- Invitations belong to one practice: the same row-level security as every tenant table (see
-- 0001_security.sql). Accepting one runs as the owner (the invitee holds no role yet), and looks
-- the invitation up by the hash of its token only.
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO tandem_app;
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_tenant ON invitations TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
-- A practice's audit view shows the entries recorded in that practice and nothing else. The
-- second read policy of 0005 also let it see the practice-less sign-in events of anyone holding
-- a role there, including events from before the membership and from other practices' work: a
-- view of one organisation into another's. Dropping it leaves audit_log_tenant_read (0001).
DROP POLICY audit_log_member_auth_read ON audit_log;
