/**
 * A check's incident, in monitoring's words: a down transition opens (or reopens) a ticket through
 * the desk's shared incident steps (desk/incidents.ts), recovery notes the outage's duration and
 * resolves it; the party on duty hears `monitor.down` / `monitor.up`.
 */
import type { AuditOrigin } from '../core/audit/append.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import {
  openIncident as openDeskIncident,
  resolveIncident as resolveDeskIncident,
  type IncidentDeps,
} from '../desk/incidents.ts';
import type { OnDuty } from '../matrix/on-duty.ts';
import type { CheckRow } from './store.ts';

export type { IncidentDeps } from '../desk/incidents.ts';

/** Who opens and resolves incident tickets: the monitor itself, as the audit log and ticket history name it. */
export const monitorOrigin: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'Tandem monitoring',
  ip: null,
  userAgent: null,
  requestId: null,
};

const checkUrl = (deps: IncidentDeps, check: CheckRow) =>
  `${deps.publicUrl}/monitoring/${check.id}?practice=${check.practiceId}`;

/** Opens (or reuses) the check's incident ticket and tells the party on duty; returns the ticket's id. */
export async function openIncident(
  s: InPractice,
  deps: IncidentDeps,
  check: CheckRow,
  duty: OnDuty | null,
  reason: string,
): Promise<string> {
  const subject = {
    activity: check.activity,
    ticketId: check.incidentTicketId,
    title: `${check.name} is down`,
    description: `Monitoring check "${check.name}" (${check.kind}${check.target ? ` ${check.target}` : ''}) is down: ${reason}`,
    againNote: `Down again: ${reason}`,
    fallbackCategory: 'network',
    deviceId: check.deviceId,
  };
  return openDeskIncident(s, deps, subject, duty, {
    event: 'monitor.down',
    params: (practiceName, holder) => ({
      practiceName,
      checkName: check.name,
      since: s.clock.now(),
      reason,
      onDuty: holder ? holder.name : 'the triage queue (nobody on duty)',
      url: checkUrl(deps, check),
    }),
  });
}

/** Notes how long the outage lasted, resolves the ticket (unless people already did) and says so. */
export async function resolveIncident(
  s: InPractice,
  deps: IncidentDeps,
  check: CheckRow,
  downSince: Date,
): Promise<void> {
  const now = s.clock.now();
  const downMinutes = Math.round((now.getTime() - downSince.getTime()) / 60_000);
  const note = `Up again at ${now.toISOString()} after ${downMinutes} minutes down (since ${downSince.toISOString()}).`;
  await resolveDeskIncident(s, deps, check.incidentTicketId!, note, {
    event: 'monitor.up',
    params: (practiceName) => ({
      practiceName,
      checkName: check.name,
      since: now,
      downMinutes,
      url: checkUrl(deps, check),
    }),
  });
}
