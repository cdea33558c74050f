/**
 * Live state changes for the event streams (server/routes/monitor-events.ts). A trigger on
 * monitor_checks NOTIFYs `tandem_monitor_state` when a check enters a state or starts or stops
 * flapping (migrations monitor_state_notify, monitor_flapping_notify), whichever process ran it;
 * each database handle keeps one LISTEN (on PostgreSQL a connection of its own, on PGlite the
 * in-process notices of its own commits) and fans each change out to the subscribers of that
 * practice. One listener per handle, not per
 * stream, so a hundred open dashboards cost one connection.
 */
import { z } from 'zod';
import type { Database } from '../core/db/database.ts';
import type { StateChange } from './overview-schema.ts';
import { checkStates } from './schema.ts';

const channel = 'tandem_monitor_state';
const retryAfterMs = 1_000;

type Subscriber = (change: StateChange) => void;

interface Hub {
  byPractice: Map<string, Set<Subscriber>>;
  state: 'idle' | 'connecting' | 'listening';
  /** Settles when the current attempt to listen has succeeded or failed. */
  ready: Promise<void>;
}

const hubs = new WeakMap<Database['db'], Hub>();

/** The trigger's payload; `at` is PostgreSQL's rendering of a timestamptz, normalised to ISO. */
const payloadSchema = z.object({
  practiceId: z.uuid(),
  checkId: z.uuid(),
  state: z.enum(checkStates),
  from: z.enum(checkStates).nullable(),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  flapping: z.boolean(),
});

function deliver(hub: Hub, payload: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return;
  }
  const change = payloadSchema.safeParse(parsed);
  if (!change.success) return;
  const event = { ...change.data, at: new Date(change.data.at).toISOString() };
  for (const subscriber of hub.byPractice.get(event.practiceId) ?? []) subscriber(event);
}

/** Starts the handle's LISTEN unless it runs; after a lost connection, again a moment later while anyone listens. */
function listen(database: Database, hub: Hub): void {
  if (!database.listen || hub.state !== 'idle') return;
  hub.state = 'connecting';
  const lost = () => {
    hub.state = 'idle';
    if (hub.byPractice.size > 0) setTimeout(() => listen(database, hub), retryAfterMs).unref();
  };
  hub.ready = database
    .listen(channel, (payload) => deliver(hub, payload), lost)
    .then(() => {
      if (hub.state === 'connecting') hub.state = 'listening';
    }, lost);
}

/**
 * Calls `onChange` for every state change of a check in one of `practiceIds` until the returned
 * function is called. Resolves once this handle listens (a change committed after that is heard).
 */
export async function subscribeToStateChanges(
  database: Database,
  practiceIds: readonly string[],
  onChange: Subscriber,
): Promise<() => void> {
  let hub = hubs.get(database.db);
  if (!hub) hubs.set(database.db, (hub = { byPractice: new Map(), state: 'idle', ready: Promise.resolve() }));
  const h = hub;
  for (const id of practiceIds) {
    const set = h.byPractice.get(id) ?? new Set();
    set.add(onChange);
    h.byPractice.set(id, set);
  }
  listen(database, h);
  // A stream opened while the listener (re)connects starts once it listens or has failed; after a
  // failure it hears changes again when the retry succeeds.
  await h.ready;
  return () => {
    for (const id of practiceIds) {
      const set = h.byPractice.get(id);
      set?.delete(onChange);
      if (set?.size === 0) h.byPractice.delete(id);
    }
  };
}
