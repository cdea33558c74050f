-- Appending to the audit chain as one function call (core/audit/append.ts). Hand-written
-- (drizzle-kit --custom). PL/pgSQL keeps a plan for each statement inside it per connection, so
-- an append no longer makes the server parse and plan a four-part statement every time: the
-- call itself is all that is planned (docs/benchmarks.md, "Audit log").
--
-- The hash is SHA-256 over the entry's canonical JSON, which Node builds (core/audit/hash.ts) in
-- three parts around the two values only the database knows while it holds the head: the
-- previous hash (as a JSON string) and the new seq. verifyAuditLog recomputes it in Node.
-- SECURITY INVOKER (the default): as tandem_app, row-level security and the grants of
-- 0001_security.sql apply to the statements inside exactly as they did to the single statement.
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
  entry_details jsonb
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  next_seq bigint;
  previous text;
  entry_hash text;
BEGIN
  -- Locks the head until the caller's transaction ends: appenders are serialised, so every entry
  -- links to exactly one predecessor.
  SELECT seq + 1, hash INTO next_seq, previous FROM audit_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  entry_hash := encode(sha256(convert_to(
    canonical_before_prev_hash || to_json(previous)::text || canonical_before_seq || next_seq::text || canonical_rest,
    'UTF8')), 'hex');
  INSERT INTO audit_log (seq, id, at, actor_type, actor_id, actor_label, practice_id, action, target_type,
                         target_id, ip, user_agent, request_id, details, prev_hash, hash)
  VALUES (next_seq, entry_id, entry_at, entry_actor_type, entry_actor_id, entry_actor_label, entry_practice_id,
          entry_action, entry_target_type, entry_target_id, entry_ip, entry_user_agent, entry_request_id,
          entry_details, previous, entry_hash);
  UPDATE audit_head SET seq = next_seq, hash = entry_hash WHERE id = 1;
  RETURN next_seq;
END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_append_audit(text, text, text, uuid, timestamptz, text, uuid, text, uuid, text, text, text, text, text, text, jsonb) TO tandem_app;
