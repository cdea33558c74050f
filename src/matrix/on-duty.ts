/**
 * Who is on duty for an activity in a practice at a moment (issue 16, section 1): the one lookup
 * the desk, monitoring, notices, the CLI and the HTTP route call, owned by the matrix module with
 * its cache. The answer comes from the agreed version in force, by the rule in duty.ts (coverage
 * hours, absences, cover, then escalation) that the absence check shares.
 *
 * Cache. A `Router` is compiled once per version in force and kept per database handle and
 * practice, keyed by the in-force version's id and updated-at (its stamp). Absences are part of a
 * version's matrix, so a new absence, like any other change, comes into force as a new version.
 * A warm call reads nothing: it reuses the router while the practice's generation is the one the
 * router was read at. The generation moves whenever a version may have come into force:
 *
 * - In this process, versions.ts bumps it in the transaction that puts a version in force, so
 *   the next call after the commit reads again (a call racing the commit may cache the old
 *   version; on PostgreSQL the notice below corrects it, and PGlite runs one transaction at a
 *   time, so there is no such race).
 * - From any process on PostgreSQL, a trigger on matrix_versions NOTIFYs on `tandem_matrix_in_force`
 *   with the practice's id when a row enters or leaves the agreed state (migration 0024; NOTIFY
 *   is sent on commit), and a LISTEN connection per database handle bumps the generation when it
 *   hears it. Until that connection is listening, and after it is lost (a notice may have gone
 *   unheard), every call reads the stamp again, as this lookup always did before it listened: one
 *   indexed read, which keeps it correct meanwhile. A router read before listening began belongs
 *   to an older epoch and is checked once more. A connection can also die silently (a network
 *   partition is noticed only when TCP gives up), so a router is re-checked every 5 seconds
 *   even while listening: one read per practice per 5 seconds bounds that staleness.
 *
 * So another process's agreement reaches this one within the notice's delivery (well under a
 * millisecond on one host; docs/benchmarks.md), and this process's own at once. The embedded
 * engine has one process, so its bumps are all there is.
 */
import type { Database, Db } from '../core/db/database.ts';
import { withTenantReads } from '../core/tenancy/with-tenant.ts';
import { Router, type Route } from './routing.ts';
import { partySchema, type Matrix, type Party } from './schema.ts';
import { inForceStamp, versionMatrix, type InForceStamp } from './store.ts';

export interface OnDuty {
  /** The agreed version the answer comes from. */
  version: number;
  route: Route;
}

interface Compiled {
  key: string;
  /** The practice's generation when the stamp was read. */
  generation: number;
  /** The handle's listening epoch when the stamp was read (PostgreSQL). */
  epoch: number;
  /** When the stamp was last read (ms since the epoch). */
  readAt: number;
  version: number;
  router: Router;
}

/** A PostgreSQL handle's LISTEN connection for in-force changes. */
interface Watch {
  state: 'connecting' | 'listening' | 'lost';
  /** Moves each time listening begins or is lost, which outdates every router read before. */
  epoch: number;
  /** When a failed or lost connection may be tried again (ms since the epoch). */
  retryAt: number;
}

const channel = 'tandem_matrix_in_force';
const retryAfterMs = 1_000;
/**
 * A connection that dies without a word (a network partition) is noticed only when TCP gives up,
 * minutes later; re-reading the stamp this often bounds how stale that could leave an answer.
 */
const recheckAfterMs = 5_000;
const watches = new WeakMap<Db, Watch>();

/** Per database handle (tests open several), then per practice. */
const compiled = new WeakMap<Db, Map<string, Compiled>>();

const keyOf = (stamp: InForceStamp) => `${stamp.id}@${stamp.updatedAt.getTime()}`;

/** Per practice: how many times a version came into force in this process. */
const generations = new Map<string, number>();

/** For versions.ts, in the transaction that puts a version in force, and for the LISTEN connection. */
export function versionComingIntoForce(practiceId: string): void {
  generations.set(practiceId, (generations.get(practiceId) ?? 0) + 1);
}

/** Starts (or restarts, once `retryAt` has passed) the handle's LISTEN connection; never waits for it. */
function watch(database: Database): Watch | undefined {
  if (!database.listen) return undefined;
  let current = watches.get(database.db);
  if (!current) watches.set(database.db, (current = { state: 'lost', epoch: 0, retryAt: 0 }));
  if (current.state !== 'lost' || Date.now() < current.retryAt) return current;
  const w = current;
  w.state = 'connecting';
  const lost = () => {
    w.state = 'lost';
    w.epoch += 1;
    w.retryAt = Date.now() + retryAfterMs;
  };
  database.listen(channel, versionComingIntoForce, lost).then(() => {
    w.epoch += 1;
    w.state = 'listening';
  }, lost);
  return w;
}

/** Whether `cached` may answer without a read. */
function stillInForce(database: Database, practiceId: string, cached: Compiled | undefined): cached is Compiled {
  if (cached === undefined || cached.generation !== (generations.get(practiceId) ?? 0)) return false;
  if (database.mode === 'embedded') return true;
  const w = watches.get(database.db);
  return w?.state === 'listening' && cached.epoch === w.epoch && Date.now() - cached.readAt < recheckAfterMs;
}

/**
 * Who is Responsible, Accountable and next in escalation for `activityId` in `practiceId` at `at`.
 * Null when the practice has no agreed version, or the activity is not in it.
 */
export async function onDuty(
  database: Database,
  practiceId: string,
  activityId: string,
  at: Date,
): Promise<OnDuty | null> {
  const epoch = watch(database)?.epoch ?? 0;
  const cached = compiled.get(database.db)?.get(practiceId);
  const current = stillInForce(database, practiceId, cached)
    ? cached
    : await routerInForce(database.db, practiceId, epoch);
  const route = current?.router.route(activityId, at) ?? null;
  return current && route ? { version: current.version, route } : null;
}

async function routerInForce(db: Db, practiceId: string, epoch: number): Promise<Compiled | null> {
  let practices = compiled.get(db);
  if (!practices) compiled.set(db, (practices = new Map()));
  const generation = generations.get(practiceId) ?? 0;
  return withTenantReads(db, practiceId, async (tx) => {
    const stamp = await inForceStamp(tx, practiceId);
    if (!stamp) {
      practices.delete(practiceId);
      return null;
    }
    const key = keyOf(stamp);
    const cached = practices.get(practiceId);
    if (cached?.key === key) {
      Object.assign(cached, { generation, epoch, readAt: Date.now() });
      return cached;
    }
    // Loaded by id, so the matrix is the stamped version's even if another has come into force since.
    const matrix = (await versionMatrix(tx, stamp.id)) as Matrix | null;
    if (!matrix) return null;
    const fresh = { key, generation, epoch, readAt: Date.now(), version: stamp.number, router: new Router(matrix) };
    practices.set(practiceId, fresh);
    return fresh;
  });
}

/**
 * The parties of the agreed version in force, read in the caller's transaction (for a change
 * that must see the matrix it commits against, where onDuty's cache would not do); null when
 * nothing is agreed.
 */
export async function partiesInForce(tx: Db, practiceId: string): Promise<Party[] | null> {
  const stamp = await inForceStamp(tx, practiceId);
  const matrix = stamp && ((await versionMatrix(tx, stamp.id)) as { parties: unknown[] } | null);
  return matrix ? matrix.parties.map((p) => partySchema.parse(p)) : null;
}

/**
 * The sides (msp, internal_it, ...) with a party on duty at `at` by its coverage and absences in
 * the agreed version in force, read in the caller's transaction; empty when nothing is agreed.
 */
export async function sidesOnDuty(tx: Db, practiceId: string, at: Date): Promise<Set<string>> {
  const stamp = await inForceStamp(tx, practiceId);
  const matrix = stamp && ((await versionMatrix(tx, stamp.id)) as Matrix | null);
  if (!matrix) return new Set();
  const router = new Router(matrix);
  return new Set(matrix.parties.filter((p) => router.partyOnDuty(p, at)).map((p) => p.side));
}
