/**
 * Who is on duty for an activity in a practice at a moment (issue 16, section 1): the one lookup
 * the desk, monitoring, notices, the CLI and the HTTP route call, owned by the matrix module with
 * its cache. The answer comes from the agreed version in force, by the rule in duty.ts (coverage
 * hours, absences, cover, then escalation) that the absence check shares.
 *
 * Cache and invalidation. A `Router` is compiled once per version in force and kept per database
 * handle and practice. Every call first reads the in-force version's id and updated-at (one
 * indexed read, a single round trip on PostgreSQL: withTenantReads sends the tenant settings with
 * the query) and reuses the compiled router only while both are unchanged. Absences are part of a
 * version's matrix, so a new absence, like any other change, comes into force as a new version
 * with a new id. The answer therefore changes on the very next call after a commit, whichever
 * process or connection made it, with no time window, no notification channel to keep alive and
 * nothing for callers to invalidate. The price is that one read per call (docs/benchmarks.md);
 * the matrix itself is read only when the stamp moved.
 *
 * The embedded engine (PGlite) skips even that read while nothing changed: only this process can
 * open its folder, every version comes into force through versions.ts in this process, which
 * bumps the practice's generation here, and PGlite runs one transaction at a time, so a lookup
 * that starts after the bump reads after the commit. An entry remembers the generation it was
 * read at; a bump (or a rolled-back attempt, harmlessly) sends the next call back to the read.
 */
import type { Database, Db } from '../core/db/database.ts';
import { withTenantReads } from '../core/tenancy/with-tenant.ts';
import { Router, type Route } from './routing.ts';
import type { Matrix } from './schema.ts';
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
  version: number;
  router: Router;
}

/** Per database handle (tests open several), then per practice. */
const compiled = new WeakMap<Db, Map<string, Compiled>>();

const keyOf = (stamp: InForceStamp) => `${stamp.id}@${stamp.updatedAt.getTime()}`;

/** Per practice: how many times a version came into force in this process. */
const generations = new Map<string, number>();

/** For versions.ts, in the transaction that puts a version in force. */
export function versionComingIntoForce(practiceId: string): void {
  generations.set(practiceId, (generations.get(practiceId) ?? 0) + 1);
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
  const cached = compiled.get(database.db)?.get(practiceId);
  const unchanged =
    database.mode === 'embedded' && cached !== undefined && cached.generation === (generations.get(practiceId) ?? 0);
  const current = unchanged ? cached : await routerInForce(database.db, practiceId);
  const route = current?.router.route(activityId, at) ?? null;
  return current && route ? { version: current.version, route } : null;
}

async function routerInForce(db: Db, practiceId: string): Promise<Compiled | null> {
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
      cached.generation = generation;
      return cached;
    }
    // Loaded by id, so the matrix is the stamped version's even if another has come into force since.
    const matrix = (await versionMatrix(tx, stamp.id)) as Matrix | null;
    if (!matrix) return null;
    const fresh = { key, generation, version: stamp.number, router: new Router(matrix) };
    practices.set(practiceId, fresh);
    return fresh;
  });
}
