/**
 * Facts from monitoring's endpoint agent (issue 20 item 2): each heartbeat updates the device it
 * comes from, found as the check's linked device, else by serial, else by host name (the device's
 * name, one match only), and a device not yet in the inventory is added. Every fact it sets is
 * recorded with source `agent` and the time. A change of a fact is audited like any other; the
 * last-seen time alone moves at every heartbeat and is not (it would write an audit entry per
 * endpoint every few minutes, saying nothing new).
 */
import { diffForAudit } from '../core/audit/append.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { newId } from '../core/ids.ts';
import type { AgentHeartbeat } from '../monitor/schema.ts';
import { audit, auditFacts, changedFields, withSources, type DeviceFacts } from './devices.ts';
import { deviceFields, deviceInputSchema, type DeviceField } from './schema.ts';
import { findByName, findBySerial, findDevice, insertDevices, updateDevice, type DeviceRow } from './store.ts';

export interface AgentDevice {
  deviceId: string;
  /** The heartbeat's host was not in the inventory: it was added. */
  created: boolean;
}

async function matchDevice(s: InPractice, linkedId: string | null, beat: AgentHeartbeat) {
  const linked = linkedId ? await findDevice(s.tx, s.practiceId, linkedId) : undefined;
  if (linked) return linked;
  const bySerial = beat.serial ? await findBySerial(s.tx, s.practiceId, beat.serial) : undefined;
  if (bySerial) return bySerial;
  // A device with another serial is another machine, even with the same host name (a replaced PC).
  const named = (await findByName(s.tx, s.practiceId, beat.hostname)).filter(
    (d) => !beat.serial || !d.serial || d.serial === beat.serial,
  );
  return named.length === 1 ? named[0] : undefined;
}

/** The device facts the heartbeat gives (only those it sends), as stored. */
async function factsOf(s: InPractice, beat: AgentHeartbeat, device: DeviceRow | undefined, at: Date) {
  const facts: Partial<DeviceFacts> = { lastSeenAt: at };
  if (beat.os !== undefined) facts.os = beat.os;
  if (beat.osVersion !== undefined) facts.osVersion = beat.osVersion;
  if (beat.diskEncryption !== undefined) facts.diskEncryption = beat.diskEncryption ? 'yes' : 'no';
  if (beat.endpointProtection !== undefined) facts.endpointProtection = beat.endpointProtection ? 'yes' : 'no';
  if (beat.serial && beat.serial !== device?.serial) {
    // The serial moves only where no other device of the practice holds it (unique per practice).
    const holder = await findBySerial(s.tx, s.practiceId, beat.serial);
    if (!holder) facts.serial = beat.serial;
  }
  return facts;
}

async function addDevice(s: InPractice, beat: AgentHeartbeat, facts: Partial<DeviceFacts>, at: Date) {
  const kind = /server/i.test(beat.os ?? '') ? 'server' : 'workstation';
  const input = deviceInputSchema.parse({ kind, name: beat.hostname });
  const base: DeviceRow = {
    id: newId(),
    practiceId: s.practiceId,
    ...input,
    lastSeenAt: null,
    ...facts,
    osSupportEnds: null,
    sources: {},
    createdAt: at,
    updatedAt: at,
  };
  const given = deviceFields.filter((field) => field === 'kind' || field === 'name' || field in facts);
  const row = { ...base, ...withSources(base, given, 'agent', at) };
  await insertDevices(s.tx, [row]);
  await audit(s, 'device.created', row.id, { ...auditFacts(row), source: 'agent' });
  return row;
}

/** Records a heartbeat's facts on its device, adding the device when the inventory does not have it. */
export async function recordAgentFacts(
  s: InPractice,
  linkedId: string | null,
  beat: AgentHeartbeat,
): Promise<AgentDevice> {
  const at = s.clock.now();
  const device = await matchDevice(s, linkedId, beat);
  const facts = await factsOf(s, beat, device, at);
  if (!device) return { deviceId: (await addDevice(s, beat, facts, at)).id, created: true };
  const changed: DeviceField[] = changedFields(device, facts);
  const next = { ...device, ...facts, updatedAt: at };
  const derived = withSources(next, changed, 'agent', at);
  await updateDevice(s.tx, device.id, { ...facts, ...derived, updatedAt: at });
  const news = changed.filter((field) => field !== 'lastSeenAt');
  if (news.length > 0)
    await audit(s, 'device.updated', device.id, {
      name: device.name,
      source: 'agent',
      changes: diffForAudit(auditFacts(device), auditFacts({ ...next, ...derived }), { redact: [] }),
    });
  return { deviceId: device.id, created: false };
}
