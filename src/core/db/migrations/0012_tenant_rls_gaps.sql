-- Closes the row-level security gaps on the identity tables. Hand-written (drizzle-kit --custom).
--
-- 0001_security.sql granted tandem_app every privilege on users, sessions, recovery_codes,
-- one_time_tokens and organizations without a policy, so a practice's request could read every
-- tenant's users with their password hashes and change another practice's users and sessions.
-- Sign-in, session lookups, MFA and password setting run as the owner (unsafeWithSystem), not as
-- tandem_app, so tandem_app needs only what practice-scoped requests do:
-- - users: read the current practice's members, without secrets (column grants, and the policy
--   users_member_read); an account is found or created for a new member only through
--   tandem_member_account below;
-- - one_time_tokens: insert a set-password link for a member of the current practice;
-- - nothing on sessions, recovery_codes or organizations.
-- Row-level security is switched on for every one of these tables, so a privilege granted later
-- by mistake still shows no row until a policy says which. test/integration/row-security.test.ts
-- lists every table tandem_app can reach and fails on one without a policy.
REVOKE ALL ON users, sessions, recovery_codes, one_time_tokens, organizations FROM tandem_app;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE one_time_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sign_in_throttle ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Never password_hash, mfa_secret, mfa_pending_secret or mfa_last_step: password_set says what a
-- member list needs to know.
GRANT SELECT (id, organization_id, email, display_name, org_admin, password_set, mfa_enabled_at, disabled_at, created_at) ON users TO tandem_app;
--> statement-breakpoint
-- memberships has its own policy (0001), so the subquery sees the current practice's only.
CREATE POLICY users_member_read ON users FOR SELECT TO tandem_app
  USING (id IN (SELECT m.user_id FROM memberships m WHERE m.practice_id = tandem_current_practice()));
--> statement-breakpoint
GRANT INSERT ON one_time_tokens TO tandem_app;
--> statement-breakpoint
CREATE POLICY one_time_tokens_member_link ON one_time_tokens FOR INSERT TO tandem_app
  WITH CHECK (
    purpose = 'set_password'
    AND user_id IN (SELECT m.user_id FROM memberships m WHERE m.practice_id = tandem_current_practice())
  );
--> statement-breakpoint
-- Adding a person to a practice must find their account when they already have one (an MSP
-- technician serving another practice), which row-level security rightly hides, or create it.
-- Contract: inside a practice's transaction only; returns the account's id for an email and
-- whether it was created (no password, in the given organisation, which must be the practice's
-- own or an MSP); reveals nothing else about the account. The caller then adds the membership,
-- after which users_member_read shows the account.
CREATE FUNCTION tandem_member_account(account_email text, account_display_name text, account_organization_id uuid)
RETURNS TABLE (user_id uuid, created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  practice uuid := tandem_current_practice();
BEGIN
  IF practice IS NULL THEN
    RAISE EXCEPTION 'tandem_member_account needs a current practice' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM organizations o
     WHERE o.id = account_organization_id
       AND (o.kind = 'msp' OR o.id = (SELECT p.organization_id FROM practices p WHERE p.id = practice))
  ) THEN
    RAISE EXCEPTION 'not an organisation this practice can add accounts to' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN QUERY
    INSERT INTO users (id, organization_id, email, display_name)
    VALUES (gen_random_uuid(), account_organization_id, trim(account_email), account_display_name)
    ON CONFLICT (lower(email)) DO NOTHING
    RETURNING users.id, true;
  IF NOT FOUND THEN
    RETURN QUERY SELECT u.id, false FROM users u WHERE lower(u.email) = lower(trim(account_email));
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_member_account(text, text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_member_account(text, text, uuid) TO tandem_app;
