-- Keyed audit chain, narrow privileges, checkpoints out of the app's reach. Hand-written
-- (drizzle-kit --custom); docs/security.md, "Audit log", says what this makes detectable.
--
-- 1. Every entry from now on is hashed with HMAC-SHA256 under the audit key, which is never
--    stored in the database: the application passes the key's two padded forms (K xor ipad,
--    K xor opad, 64 bytes each, hex) as bind parameters of the call, and
--    HMAC(K, m) = sha256((K xor opad) || sha256((K xor ipad) || m)) (RFC 2104) is computed here
--    with the built-in sha256(). The function refuses a call without them: there is no unkeyed
--    append any more, so nothing written through it can be downgraded to a plain SHA-256 entry.
--    Entries written before this migration keep their plain hash and a null key_id.
-- 2. The function runs as its owner (SECURITY DEFINER), so tandem_app loses INSERT on audit_log
--    and UPDATE on audit_head: the only way it can add an entry or move the head is this call,
--    which always links the entry to the head. The tenant rule the INSERT policy used to enforce
--    (an entry of no practice or of the current one) is checked here for a caller that switched
--    role (SET LOCAL ROLE tandem_app: current_setting('role') is the role set, whatever the
--    function runs as).
-- 3. audit_head keeps SELECT for tandem_app (the CSV export reads the head's seq) and gains
--    row-level security with a read-only policy; audit_checkpoints is not reachable by tandem_app
--    at all (no grant, row-level security on, no policy).
DROP FUNCTION tandem_append_audit(text, text, text, uuid, timestamptz, text, uuid, text, uuid, text, text, text, text, text, text, jsonb);
--> statement-breakpoint
CREATE FUNCTION tandem_append_audit(
  canonical_before_prev_hash text,
  canonical_before_seq text,
  canonical_rest text,
  entry_id uuid,
  entry_at timestamptz,
  entry_actor_type text,
  entry_actor_id uuid,
  entry_actor_label text,
  entry_practice_id uuid,
  entry_action text,
  entry_target_type text,
  entry_target_id text,
  entry_ip text,
  entry_user_agent text,
  entry_request_id text,
  entry_details jsonb,
  entry_key_id text,
  key_inner_pad text,
  key_outer_pad text
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  next_seq bigint;
  previous text;
  entry_hash text;
  inner_pad bytea := decode(key_inner_pad, 'hex');
  outer_pad bytea := decode(key_outer_pad, 'hex');
BEGIN
  IF entry_key_id IS NULL OR inner_pad IS NULL OR outer_pad IS NULL OR length(inner_pad) <> 64 OR length(outer_pad) <> 64 THEN
    RAISE EXCEPTION 'tandem_append_audit: the audit key is required' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF current_setting('role') <> 'none' AND entry_practice_id IS NOT NULL
     AND entry_practice_id IS DISTINCT FROM tandem_current_practice() THEN
    RAISE EXCEPTION 'tandem_append_audit: an entry of another practice' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Locks the head until the caller's transaction ends: appenders are serialised, so every entry
  -- links to exactly one predecessor.
  SELECT seq + 1, hash INTO next_seq, previous FROM audit_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  entry_hash := encode(sha256(outer_pad || sha256(inner_pad || convert_to(
    canonical_before_prev_hash || to_json(previous)::text || canonical_before_seq || next_seq::text || canonical_rest,
    'UTF8'))), 'hex');
  INSERT INTO audit_log (seq, id, at, actor_type, actor_id, actor_label, practice_id, action, target_type,
                         target_id, ip, user_agent, request_id, details, prev_hash, hash, key_id)
  VALUES (next_seq, entry_id, entry_at, entry_actor_type, entry_actor_id, entry_actor_label, entry_practice_id,
          entry_action, entry_target_type, entry_target_id, entry_ip, entry_user_agent, entry_request_id,
          entry_details, previous, entry_hash, entry_key_id);
  UPDATE audit_head SET seq = next_seq, hash = entry_hash WHERE id = 1;
  RETURN next_seq;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_append_audit(text, text, text, uuid, timestamptz, text, uuid, text, uuid, text, text, text, text, text, text, jsonb, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_append_audit(text, text, text, uuid, timestamptz, text, uuid, text, uuid, text, text, text, text, text, text, jsonb, text, text, text) TO tandem_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM tandem_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_head FROM tandem_app;
--> statement-breakpoint
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_head_read ON audit_head FOR SELECT TO tandem_app USING (true);
--> statement-breakpoint
REVOKE ALL ON audit_checkpoints FROM PUBLIC, tandem_app;
--> statement-breakpoint
ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
