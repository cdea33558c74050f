-- Live updates also announce a check starting or stopping to flap (0057), so an open dashboard shows
-- the Flapping badge without waiting for its next poll: the payload gains `flapping`, and the trigger
-- fires on a change of either column.
CREATE OR REPLACE FUNCTION monitor_state_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state OR NEW.flapping IS DISTINCT FROM OLD.flapping THEN
    PERFORM pg_notify('tandem_monitor_state', json_build_object(
      'practiceId', NEW.practice_id,
      'checkId', NEW.id,
      'state', NEW.state,
      'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END,
      'at', NEW.state_since,
      'flapping', NEW.flapping
    )::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER monitor_checks_state_notify ON monitor_checks;
--> statement-breakpoint
CREATE TRIGGER monitor_checks_state_notify AFTER INSERT OR UPDATE OF state, flapping ON monitor_checks FOR EACH ROW EXECUTE FUNCTION monitor_state_notify();
