-- A request's first follow token is emptied (like the later ones in patient_follow_tokens are
-- deleted) by the daily sweep once the ticket's follow links expire (desk/follow-links.ts).
ALTER TABLE "patient_requests" ALTER COLUMN "follow_token_hash" DROP NOT NULL;
