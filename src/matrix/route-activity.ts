/**
 * The one lookup desk and monitoring call (issue 5, point 7): who is Responsible, Accountable and
 * next in escalation for activity X in practice P at time T, from the agreed version in force.
 *
 * Routers are compiled once per agreed version and kept per practice. Agreeing a version in this
 * process drops the practice's entry at once; other processes (scale-out: several `tandem serve`
 * behind one PostgreSQL) re-check the version number in force once an entry is older than
 * `recheckMs`, so they follow within that time without a query on every lookup.
 */
import type { Clock } from '../core/clock.ts';
import type { Db } from '../core/db/database.ts';
import { withTenant } from '../core/tenancy/with-tenant.ts';
import { Router, type Route } from './routing.ts';
import type { Matrix } from './schema.ts';
import { agreedVersionNumber, findByStatus } from './store.ts';

export interface RoutedActivity {
  /** The agreed version the answer comes from. */
  version: number;
  route: Route;
}

interface Entry {
  version: number | null;
  router: Router | null;
  checkedAt: number;
}

export class RoutingCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly recheckMs = 5_000,
  ) {}

  /** Null when the practice has no agreed version, or the activity is not in it. */
  async route(practiceId: string, activityId: string, at: Date): Promise<RoutedActivity | null> {
    const entry = await this.entry(practiceId);
    const route = entry.router?.route(activityId, at) ?? null;
    return route && entry.version !== null ? { version: entry.version, route } : null;
  }

  /** Called when a version is agreed, so the very next lookup here uses it. */
  invalidate(practiceId: string): void {
    this.entries.delete(practiceId);
  }

  private async entry(practiceId: string): Promise<Entry> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(practiceId);
    if (cached && now - cached.checkedAt < this.recheckMs) return cached;
    const fresh = await this.load(practiceId, cached, now);
    this.entries.set(practiceId, fresh);
    return fresh;
  }

  private load(practiceId: string, cached: Entry | undefined, now: number): Promise<Entry> {
    return withTenant(this.db, practiceId, async (tx) => {
      // Still the same version: keep the compiled router, only the check time moves on.
      const number = await agreedVersionNumber(tx, practiceId);
      if (cached && cached.version === number) return { ...cached, checkedAt: now };
      const agreed = number === null ? null : await findByStatus(tx, practiceId, ['agreed']);
      if (!agreed) return { version: null, router: null, checkedAt: now };
      return { version: agreed.number, router: new Router(agreed.matrix as Matrix), checkedAt: now };
    });
  }
}
