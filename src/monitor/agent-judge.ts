/**
 * An agent check's run: like a push check, a missing heartbeat is a failure (down after the
 * failure threshold); a heartbeat in time is judged against the check's thresholds, and each one
 * it crosses (disk nearly full, CPU over the limit, endpoint protection missing or out of date)
 * makes the run a degraded success, named in the message. Pure: the heartbeat was stored when it
 * arrived (agent.ts), the run only reads it.
 */
import type { Outcome } from './outcome.ts';
import type { AgentFacts, Probe } from './schema.ts';

type AgentProbe = Extract<Probe, { kind: 'agent' }>;

/** The thresholds the heartbeat crosses, in words; empty when it crosses none. */
export function agentConcerns(probe: AgentProbe, facts: AgentFacts): string[] {
  const concerns: string[] = [];
  if (facts.diskFreePercent !== undefined && facts.diskFreePercent < probe.minDiskFreePercent)
    concerns.push(`disk ${facts.diskFreePercent}% free, below ${probe.minDiskFreePercent}%`);
  if (probe.maxCpuPercent !== undefined && facts.cpuPercent !== undefined && facts.cpuPercent > probe.maxCpuPercent)
    concerns.push(`CPU at ${facts.cpuPercent}%, over ${probe.maxCpuPercent}%`);
  if (probe.requireProtection) {
    const av = facts.endpointProtection;
    if (av === null) concerns.push('no endpoint protection');
    else if (av && !av.upToDate) concerns.push(`${av.name} is out of date`);
  }
  return concerns;
}

export function judgeAgent(probe: AgentProbe, facts: AgentFacts | null, inTime: Outcome): Outcome {
  if (!inTime.ok || !facts) return { ...inTime, message: inTime.message.replace('ping', 'heartbeat') };
  const concerns = agentConcerns(probe, facts);
  if (concerns.length === 0) return { ok: true, latencyMs: null, message: `heartbeat from ${facts.hostname} in time` };
  return {
    ok: true,
    degraded: true,
    latencyMs: null,
    message: `heartbeat from ${facts.hostname}: ${concerns.join('; ')}`,
  };
}
