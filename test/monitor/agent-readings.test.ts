/**
 * The boots and changes read from an agent's hourly readings: an hour that did not report a value
 * is no change and keeps the value before it for the next comparison; each boot is listed once,
 * and only when it falls inside the period; checks are compared each with its own hours.
 */
import { describe, expect, it } from 'vitest';
import { changesOf } from '../../src/monitor/agent-readings.ts';
import type { AgentReading } from '../../src/monitor/schema.ts';

const reading = (checkId: string, hour: string, extra: Partial<AgentReading>): AgentReading => ({
  checkId,
  hour,
  heartbeats: 1,
  firstAt: hour,
  lastAt: hour,
  diskFreePercent: null,
  cpuPercent: null,
  osVersion: null,
  protection: null,
  lastBoot: null,
  ...extra,
});

describe('changesOf', () => {
  const from = new Date('2026-12-01T00:00:00Z');
  const to = new Date('2026-12-05T00:00:00Z');

  it('compares an hour with the last value reported before it, one check at a time', () => {
    const current = { state: 'current' as const, name: 'Defender' };
    const changes = changesOf(
      [
        reading('a', '2026-12-01T10:00:00.000Z', { osVersion: '1', protection: current }),
        reading('b', '2026-12-01T10:00:00.000Z', { osVersion: '9' }),
        reading('a', '2026-12-01T11:00:00.000Z', {}),
        reading('a', '2026-12-01T12:00:00.000Z', { osVersion: '2', protection: current }),
        reading('b', '2026-12-01T12:00:00.000Z', { osVersion: '9' }),
      ],
      from,
      to,
    );
    expect(changes).toEqual([{ checkId: 'a', at: '2026-12-01T12:00:00.000Z', kind: 'os_version', from: '1', to: '2' }]);
  });

  it('lists each boot once, and only inside the period', () => {
    const changes = changesOf(
      [
        reading('a', '2026-12-01T10:00:00.000Z', { lastBoot: '2026-11-20T08:00:00.000Z' }),
        reading('a', '2026-12-02T10:00:00.000Z', { lastBoot: '2026-12-02T09:15:00.000Z' }),
        reading('a', '2026-12-02T11:00:00.000Z', { lastBoot: '2026-12-02T09:15:00.000Z' }),
      ],
      from,
      to,
    );
    expect(changes).toEqual([{ checkId: 'a', at: '2026-12-02T09:15:00.000Z', kind: 'boot', from: null, to: null }]);
  });
});
