-- Live updates (src/monitor/live.ts): every process's open event streams hear that a check entered
-- a state, whichever process ran it, by NOTIFY on `tandem_monitor_state` with the practice, the
-- check, the new and the old state and since when. The scheduler writes the state column on every
-- run, so the trigger compares before notifying: only a change is announced. NOTIFY is delivered on
-- commit, and not at all when the transaction rolls back; PGlite delivers it to its own listeners.
CREATE FUNCTION monitor_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state THEN
    PERFORM pg_notify('tandem_monitor_state', json_build_object(
      'practiceId', NEW.practice_id,
      'checkId', NEW.id,
      'state', NEW.state,
      'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
      'at', NEW.state_since
    )::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER monitor_checks_state_notify AFTER INSERT OR UPDATE OF state ON monitor_checks FOR EACH ROW EXECUTE FUNCTION monitor_state_notify();
