/**
 * A device's links, composed from the modules that refer to it (issue 20 item 4): its tickets
 * (desk), the checks watching it (monitoring) and the backups of the systems it is (backups). Each
 * section is read only when the caller's role may read it there; otherwise it is null. Tickets:
 * all of them for those who work tickets, the caller's own for those who only raise them.
 */
import type { DeviceLinks } from '../../assets/device-links-schema.ts';
import { existingDevice } from '../../assets/devices.ts';
import { jobsOfSystems, systemsOfDevice } from '../../backup/store.ts';
import type { Permission } from '../../core/permissions/permissions.ts';
import type { InPractice } from '../../core/tenancy/acting.ts';
import { deviceTickets } from '../../desk/device-tickets.ts';
import { checksOfDevice } from '../../monitor/store.ts';

/** The newest tickets a device page shows; the desk's queue has the rest. */
const ticketLimit = 50;

async function backupsOf(s: InPractice, deviceId: string): Promise<NonNullable<DeviceLinks['backups']>> {
  const systems = await systemsOfDevice(s.tx, s.practiceId, deviceId);
  const jobs = await jobsOfSystems(
    s.tx,
    systems.map((x) => x.id),
  );
  return systems.map((system) => ({
    systemId: system.id,
    name: system.name,
    jobs: jobs
      .filter((j) => j.systemId === system.id)
      .map((j) => ({
        id: j.id,
        name: j.name,
        lastResult: j.lastResult,
        lastGoodAt: j.lastGoodAt?.toISOString() ?? null,
        overdue: j.overdueSince !== null,
      })),
  }));
}

/** Who reads: what their role may read, and (a person) their user id, for the tickets they raised. */
export interface LinksReader {
  may: (permission: Permission) => boolean;
  userId: string | null;
}

async function ticketsOf(s: InPractice, deviceId: string, reader: LinksReader): Promise<DeviceLinks['tickets']> {
  if (reader.may('tickets.work')) return deviceTickets(s, deviceId, ticketLimit);
  if (reader.may('tickets.create') && reader.userId) return deviceTickets(s, deviceId, ticketLimit, reader.userId);
  return null;
}

export async function readDeviceLinks(s: InPractice, deviceId: string, reader: LinksReader): Promise<DeviceLinks> {
  const { may } = reader;
  await existingDevice(s, deviceId);
  const checks = may('monitoring.read') ? await checksOfDevice(s.tx, s.practiceId, deviceId) : null;
  return {
    tickets: await ticketsOf(s, deviceId, reader),
    checks:
      checks?.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        state: c.state,
        lastMessage: c.lastMessage,
        agent: c.kind === 'agent' ? c.agentFacts : null,
      })) ?? null,
    backups: may('monitoring.read') ? await backupsOf(s, deviceId) : null,
  };
}
