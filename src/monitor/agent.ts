/**
 * An endpoint agent's heartbeat (issue 19 item 1, issue 20 item 2): the agent posts its facts to
 * its agent check's secret URL. Like a push ping, the heartbeat is the check's sign of life (the
 * check is made due at once, so a down check comes back without waiting out its period); its
 * facts are kept on the check, where the next run judges them against the thresholds
 * (agent-judge.ts), and recorded on the inventory device they come from (assets/agent-facts.ts),
 * which the check is linked to from then on; its readings are added to the check's history
 * (agent-readings.ts).
 */
import type { AuditOrigin } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { sha256 } from '../core/identity/tokens.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { recordAgentFacts, type AgentDevice } from '../assets/agent-facts.ts';
import { addReading } from './agent-readings.ts';
import type { AgentHeartbeat } from './schema.ts';
import { findByPushTokenHash, updateCheck } from './store.ts';

const agentOrigin = (hostname: string): AuditOrigin => ({
  actorType: 'system',
  actorId: null,
  actorLabel: `Tandem agent on ${hostname}`,
  ip: null,
  userAgent: null,
  requestId: null,
});

/** Records a heartbeat; null when no active agent check has that token. */
export async function recordHeartbeat(
  database: Database,
  clock: Clock,
  token: string,
  beat: AgentHeartbeat,
): Promise<AgentDevice | null> {
  const check = await unsafeWithSystem(database.db, (tx) => findByPushTokenHash(tx, sha256(token)));
  if (!check || check.paused || check.kind !== 'agent') return null;
  return withTenant(database.db, check.practiceId, async (tx) => {
    const now = clock.now();
    const s = { tx, clock, practiceId: check.practiceId, origin: agentOrigin(beat.hostname) };
    const device = await recordAgentFacts(s, check.deviceId, beat);
    await addReading(
      tx,
      { practiceId: check.practiceId, checkId: check.id, deviceId: device.deviceId, receivedAt: now },
      beat,
    );
    await updateCheck(tx, check.id, {
      lastPingAt: now,
      nextRunAt: now,
      agentFacts: { ...beat, receivedAt: now.toISOString() },
      deviceId: device.deviceId,
    });
    return device;
  });
}
