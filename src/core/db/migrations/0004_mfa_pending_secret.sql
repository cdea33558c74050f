ALTER TABLE "users" ADD COLUMN "mfa_pending_secret" text;--> statement-breakpoint
-- Hand-added: until this migration, starting an enrolment wrote its secret to mfa_secret at once.
-- A secret there without mfa_enabled_at was never confirmed, so it is a pending one.
UPDATE "users" SET "mfa_pending_secret" = "mfa_secret", "mfa_secret" = NULL WHERE "mfa_enabled_at" IS NULL AND "mfa_secret" IS NOT NULL;
