ALTER TABLE "notices" ALTER COLUMN "practice_id" DROP NOT NULL;--> statement-breakpoint
-- Account notices (password reset, sign-in from a new device, MFA change) belong to a person, not a
-- practice: practice_id is null and user_id names the account. They are written and read only as the
-- owner, like sessions (the person's own routes). The tenant policy stays as it was: tandem_app sees and
-- writes only rows whose practice_id is the current practice, which a null practice_id never is, so a
-- practice's requests can neither read nor create account notices.
COMMENT ON COLUMN notices.practice_id IS 'null for an account notice, which only the owner connection reads (the person''s own routes)';
