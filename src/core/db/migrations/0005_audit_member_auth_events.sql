-- A practice's audit view also shows the sign-in, MFA and sign-out events of the people who are
-- members of that practice. Those events belong to no practice (practice_id is null: a person
-- signs in to Tandem, not to one practice), so audit_log_tenant_read (0001) hides them from
-- tandem_app. This second read policy (permissive: PostgreSQL ORs it with the first) lets
-- tandem_app see exactly those rows: no practice, an auth.* action, and a user actor who holds a
-- role in the current practice. memberships is itself held to the current practice by its own
-- policy, and the subquery names the practice as well, so another practice's people, anonymous
-- failures and every other practice-less event stay hidden. Hand-written (drizzle-kit --custom);
-- src/core/audit/search.ts asks for the same rows (memberAuthActionPrefix) and docs/security.md
-- explains the choice.
CREATE POLICY audit_log_member_auth_read ON audit_log FOR SELECT TO tandem_app USING (
  practice_id IS NULL
  AND actor_type = 'user'
  AND action LIKE 'auth.%'
  AND actor_id IN (SELECT m.user_id FROM memberships m WHERE m.practice_id = tandem_current_practice())
);
