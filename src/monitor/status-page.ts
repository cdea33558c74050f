/**
 * A practice's public status page: its settings (audited as `monitor.status_page_updated`), and
 * the page itself for anyone holding its address. The address is a random slug made at the first
 * save and kept after; the page is found by it as the owner (the caller is anonymous, so there is
 * no practice to hold the query to yet), then read in the practice's own transaction.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { unsafeWithSystem, withTenantReads } from '../core/tenancy/with-tenant.ts';
import { lastUtcDays, runsByDay } from './rollups.ts';
import type { CheckState } from './schema.ts';
import {
  publicStates,
  statusPageDays,
  type PublicStatusPage,
  type StatusPageInput,
  type StatusPageSettings,
} from './status-page-schema.ts';
import { monitorChecks, monitorStatusPages } from './tables.ts';

type PublicState = (typeof publicStates)[number];

const publicStateOf: Record<CheckState, PublicState> = {
  up: 'operational',
  degraded: 'degraded',
  down: 'down',
  maintenance: 'maintenance',
  pending: 'unknown',
  paused: 'unknown',
};
const severity: PublicState[] = ['operational', 'maintenance', 'degraded', 'down'];

/** The worst known state; unknown only when nothing is known. */
function overallOf(states: PublicState[]): PublicState {
  const known = states.filter((s) => s !== 'unknown');
  if (known.length === 0) return 'unknown';
  return known.reduce((worst, s) => (severity.indexOf(s) > severity.indexOf(worst) ? s : worst));
}

export async function readStatusPageSettings(s: InPractice, practiceName: string): Promise<StatusPageSettings> {
  const [row] = await s.tx.select().from(monitorStatusPages).where(eq(monitorStatusPages.practiceId, s.practiceId));
  if (!row) return { enabled: false, title: practiceName, checks: [], slug: null, updatedAt: null };
  const { enabled, title, checks, slug, updatedAt } = row;
  return { enabled, title, checks, slug, updatedAt: updatedAt.toISOString() };
}

export async function saveStatusPage(s: InPractice, input: StatusPageInput): Promise<StatusPageSettings> {
  const ids = input.checks.map((c) => c.checkId);
  const found = ids.length
    ? await s.tx
        .select({ id: monitorChecks.id })
        .from(monitorChecks)
        .where(and(eq(monitorChecks.practiceId, s.practiceId), inArray(monitorChecks.id, ids)))
    : [];
  const known = new Set(found.map((r) => r.id));
  const unknown = input.checks.flatMap((c, i) =>
    known.has(c.checkId) ? [] : [{ path: `body.checks.${i}.checkId`, message: 'is not a check of this practice' }],
  );
  if (unknown.length) throw new AppError('validation_failed', 'The request is not valid', unknown);
  const now = s.clock.now();
  const [before] = await s.tx
    .select({ slug: monitorStatusPages.slug })
    .from(monitorStatusPages)
    .where(eq(monitorStatusPages.practiceId, s.practiceId));
  // 144 random bits: the address is the page's only protection, like a push check's URL.
  const slug = before?.slug ?? randomBytes(18).toString('base64url');
  const row = { practiceId: s.practiceId, slug, ...input, updatedAt: now };
  await s.tx
    .insert(monitorStatusPages)
    .values(row)
    .onConflictDoUpdate({ target: monitorStatusPages.practiceId, set: { ...input, updatedAt: now } });
  await appendAudit(s.tx, {
    at: now,
    ...s.origin,
    practiceId: s.practiceId,
    action: 'monitor.status_page_updated',
    targetType: 'monitor_status_page',
    targetId: s.practiceId,
    details: { enabled: input.enabled, title: input.title, checks: input.checks },
  });
  return { ...input, slug, updatedAt: now.toISOString() };
}

/** The page at `slug`, or undefined when there is none or it is turned off. */
export async function publicStatusPage(
  database: Database,
  clock: Clock,
  slug: string,
): Promise<PublicStatusPage | undefined> {
  const [page] = await unsafeWithSystem(database.db, (tx) =>
    tx.select().from(monitorStatusPages).where(eq(monitorStatusPages.slug, slug)),
  );
  if (!page?.enabled) return undefined;
  const now = clock.now();
  const days = lastUtcDays(now, statusPageDays);
  const ids = page.checks.map((c) => c.checkId);
  const { rows, byDay } = await withTenantReads(database.db, page.practiceId, async (tx) => ({
    rows: ids.length
      ? await tx
          .select({ id: monitorChecks.id, state: monitorChecks.state })
          .from(monitorChecks)
          .where(inArray(monitorChecks.id, ids))
      : [],
    byDay: await runsByDay(tx, ids, new Date(Date.parse(days[0]!))),
  }));
  const stateOf = new Map(rows.map((r) => [r.id, publicStateOf[r.state]]));
  const services = page.checks.flatMap(({ checkId, publicName }) => {
    const state = stateOf.get(checkId);
    if (!state) return []; // deleted since it was published
    const counts = byDay.get(checkId) ?? new Map<string, { runs: number; good: number }>();
    let runs = 0;
    let good = 0;
    for (const c of counts.values()) [runs, good] = [runs + c.runs, good + c.good];
    return [
      {
        name: publicName,
        state,
        uptime: runs ? good / runs : null,
        days: days.map((date) => {
          const c = counts.get(date);
          return { date, uptime: c?.runs ? c.good / c.runs : null };
        }),
      },
    ];
  });
  return {
    title: page.title,
    overall: overallOf(services.map((s) => s.state)),
    generatedAt: now.toISOString(),
    services,
  };
}
