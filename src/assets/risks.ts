/**
 * The risk views (issue 20, item 3): each is one condition, written twice, in SQL for the list
 * filter, counts and export, and in TypeScript for the `risks` a device shows. Days are UTC days.
 * - unencrypted_phi: stores patient data and its disk is not known to be encrypted (an unknown is
 *   counted: HIPAA's encryption safe harbour needs the yes to be shown, not assumed);
 * - end_of_life: the hardware's end of life is past or within 12 months;
 * - unsupported_os: its operating system's support ended before today (os-support.ts);
 * - not_seen: last seen more than N days ago (never seen is not counted: nothing reports it);
 * - no_endpoint_protection: a kind that runs an endpoint agent (workstation, laptop, server,
 *   tablet) without protection known to be on; printers, pads and tokens run none.
 */
import { and, inArray, isNotNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { riskIds, type DeviceKind, type RiskId } from './schema.ts';
import { devices } from './tables.ts';

export const agentKinds: readonly DeviceKind[] = ['workstation', 'laptop', 'server', 'tablet'];

/** When the views are computed: today (UTC), and how long "not seen" is. */
export interface RiskMoment {
  now: Date;
  notSeenDays: number;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function yearAfter(now: Date): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return dayOf(d);
}

const seenBefore = (m: RiskMoment) => new Date(m.now.getTime() - m.notSeenDays * 86_400_000);

export function riskCondition(risk: RiskId, m: RiskMoment): SQL {
  switch (risk) {
    case 'unencrypted_phi':
      return and(sql`${devices.storesPatientData}`, ne(devices.diskEncryption, 'yes'))!;
    case 'end_of_life':
      return and(isNotNull(devices.endOfLife), lte(devices.endOfLife, yearAfter(m.now)))!;
    case 'unsupported_os':
      return and(isNotNull(devices.osSupportEnds), lt(devices.osSupportEnds, dayOf(m.now)))!;
    case 'not_seen':
      return and(isNotNull(devices.lastSeenAt), lt(devices.lastSeenAt, seenBefore(m)))!;
    case 'no_endpoint_protection':
      return and(inArray(devices.kind, [...agentKinds]), ne(devices.endpointProtection, 'yes'))!;
  }
}

type RiskFacts = Pick<
  typeof devices.$inferSelect,
  'storesPatientData' | 'diskEncryption' | 'endOfLife' | 'osSupportEnds' | 'lastSeenAt' | 'kind' | 'endpointProtection'
>;

const holds: Record<RiskId, (d: RiskFacts, m: RiskMoment) => boolean> = {
  unencrypted_phi: (d) => d.storesPatientData && d.diskEncryption !== 'yes',
  end_of_life: (d, m) => d.endOfLife !== null && d.endOfLife <= yearAfter(m.now),
  unsupported_os: (d, m) => d.osSupportEnds !== null && d.osSupportEnds < dayOf(m.now),
  not_seen: (d, m) => d.lastSeenAt !== null && d.lastSeenAt < seenBefore(m),
  no_endpoint_protection: (d) => agentKinds.includes(d.kind) && d.endpointProtection !== 'yes',
};

/** The risk views a device is in at `m`. */
export function risksOf(device: RiskFacts, m: RiskMoment): RiskId[] {
  return riskIds.filter((risk) => holds[risk](device, m));
}
