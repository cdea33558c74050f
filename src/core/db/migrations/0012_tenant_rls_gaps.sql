-- Closes the row-level security gaps on the identity tables. Hand-written (drizzle-kit --custom).
--
-- 0001_security.sql granted tandem_app every privilege on users, sessions, recovery_codes,
-- one_time_tokens and organizations without a policy, so a practice's request could read every
-- tenant's users with their password hashes and change another practice's users and sessions.
-- Sign-in, session lookups, MFA and password setting run as the owner (unsafeWithSystem), not as
-- tandem_app, so tandem_app needs only what practice-scoped requests do:
-- - users: read the current practice's members, without secrets (column grants, and the policy
--   users_member_read); accounts are created only by accepting an invitation (as the owner);
-- - sessions: only ending a member's through tandem_end_member_sessions below;
-- - nothing on recovery_codes, one_time_tokens or organizations.
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
-- A member's role changing or ending must end their sessions in the same transaction
-- (manage-users.ts), but sessions belong to a person, not a practice, so tandem_app has no
-- privilege on them. Contract: inside a practice's transaction only, for a person who is a member
-- of that practice at the time of the call; ends every open session of theirs and returns how
-- many; reveals nothing else.
CREATE FUNCTION tandem_end_member_sessions(member_id uuid, ended_at timestamptz)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  practice uuid := tandem_current_practice();
  ended integer;
BEGIN
  IF practice IS NULL OR NOT EXISTS (
    SELECT 1 FROM memberships m WHERE m.user_id = member_id AND m.practice_id = practice
  ) THEN
    RAISE EXCEPTION 'not a member of the current practice' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE sessions SET revoked_at = ended_at WHERE user_id = member_id AND revoked_at IS NULL;
  GET DIAGNOSTICS ended = ROW_COUNT;
  RETURN ended;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_end_member_sessions(uuid, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_end_member_sessions(uuid, timestamptz) TO tandem_app;
