-- Tells every process's on-duty cache (src/matrix/on-duty.ts) that a practice's version in force may
-- have changed: when a row enters or leaves the agreed state. NOTIFY is delivered on commit, and
-- not at all when the transaction rolls back.
CREATE FUNCTION matrix_in_force_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND OLD.status = 'agreed') OR (TG_OP <> 'DELETE' AND NEW.status = 'agreed') THEN
    PERFORM pg_notify('tandem_matrix_in_force', COALESCE(NEW.practice_id, OLD.practice_id)::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER matrix_versions_in_force_notify AFTER INSERT OR UPDATE OR DELETE ON matrix_versions FOR EACH ROW EXECUTE FUNCTION matrix_in_force_notify();
