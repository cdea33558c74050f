/** An agent check's run judged from its last heartbeat: late is a failure, each crossed threshold is named and degrades. */
import { describe, expect, it } from 'vitest';
import { agentConcerns, judgeAgent } from '../../src/monitor/agent-judge.ts';
import { agentProbeSchema, type AgentFacts } from '../../src/monitor/schema.ts';

const probe = agentProbeSchema.parse({ kind: 'agent', maxCpuPercent: 90 });
const facts: AgentFacts = {
  hostname: 'PC-1',
  diskFreePercent: 25,
  cpuPercent: 40,
  endpointProtection: { name: 'Defender', upToDate: true },
  receivedAt: '2026-12-01T10:00:00.000Z',
};
const inTime = { ok: true, latencyMs: null, message: 'ping received in time' };

describe('agent check judgement', () => {
  it('is up with a heartbeat in time inside every threshold', () => {
    expect(judgeAgent(probe, facts, inTime)).toEqual({
      ok: true,
      latencyMs: null,
      message: 'heartbeat from PC-1 in time',
    });
  });

  it('names each threshold crossed, at the boundary only past it', () => {
    expect(agentConcerns(probe, { ...facts, diskFreePercent: 10, cpuPercent: 90 })).toEqual([]);
    expect(
      agentConcerns(probe, {
        ...facts,
        diskFreePercent: 9.5,
        cpuPercent: 91,
        endpointProtection: { name: 'Defender', upToDate: false },
      }),
    ).toEqual(['disk 9.5% free, below 10%', 'CPU at 91%, over 90%', 'Defender is out of date']);
    expect(agentConcerns(probe, { ...facts, endpointProtection: null })).toEqual(['no endpoint protection']);
    // Not sent is not known: no concern. And protection may be left unchecked.
    expect(agentConcerns(probe, { hostname: 'PC-1', receivedAt: facts.receivedAt })).toEqual([]);
    expect(agentConcerns({ ...probe, requireProtection: false }, { ...facts, endpointProtection: null })).toEqual([]);
    expect(judgeAgent(probe, { ...facts, diskFreePercent: 3 }, inTime)).toEqual({
      ok: true,
      degraded: true,
      latencyMs: null,
      message: 'heartbeat from PC-1: disk 3% free, below 10%',
    });
  });

  it('fails in the words of a heartbeat when it is late', () => {
    const late = { ok: false, latencyMs: null, message: 'no ping since 2026-12-01T10:00:00.000Z' };
    expect(judgeAgent(probe, facts, late)).toEqual({ ...late, message: 'no heartbeat since 2026-12-01T10:00:00.000Z' });
  });
});
