-- Row-level security and the append-only audit log. Hand-written (drizzle-kit --custom).
--
-- Tenant work runs as the role tandem_app (SET LOCAL ROLE inside the request's transaction,
-- see core/tenancy/with-tenant.ts) with app.practice_id set for that transaction. tandem_app has
-- no BYPASSRLS, so even a superuser connection (PGlite always is one) is held to the policies
-- once it has switched role. System work (sign-in, setup, migrations) runs as the owner.
DO $$
BEGIN
  CREATE ROLE tandem_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database on this server created it already
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT tandem_app TO %I', current_user);
EXCEPTION WHEN duplicate_object OR invalid_grant_operation THEN
  NULL; -- already a member, or a superuser (which may SET ROLE to anything)
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, practices, users, memberships, recovery_codes, sessions, api_tokens, one_time_tokens TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_log TO tandem_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON audit_head TO tandem_app;
--> statement-breakpoint
CREATE FUNCTION tandem_current_practice() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.practice_id', true), '')::uuid $$;
--> statement-breakpoint
ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practices_tenant ON practices TO tandem_app USING (id = tandem_current_practice()) WITH CHECK (id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_tenant ON memberships TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY api_tokens_tenant ON api_tokens TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_tenant_read ON audit_log FOR SELECT TO tandem_app USING (practice_id = tandem_current_practice());
--> statement-breakpoint
CREATE POLICY audit_log_tenant_append ON audit_log FOR INSERT TO tandem_app WITH CHECK (practice_id IS NULL OR practice_id = tandem_current_practice());
--> statement-breakpoint
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', tg_op USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
