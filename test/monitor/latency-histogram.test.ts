/** Latency buckets, percentiles and rollups, hand-computed. */
import { describe, expect, it } from 'vitest';
import { bucketOf, emptyBuckets, percentile, type LatencySummary } from '../../src/monitor/latency-histogram.ts';
import { rollupsOf } from '../../src/monitor/rollups.ts';

function summary(latencies: number[]): LatencySummary {
  const buckets = emptyBuckets();
  for (const l of latencies) buckets[bucketOf(l)]!++;
  const sumMs = latencies.reduce((a, b) => a + b, 0);
  return { count: latencies.length, sumMs, minMs: Math.min(...latencies), maxMs: Math.max(...latencies), buckets };
}

describe('latency histogram', () => {
  it('puts a latency in the bucket whose lower bound it reaches', () => {
    expect([0, 4, 5, 9, 10, 99, 100, 9999, 10000, 60000].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 5, 6, 18, 19, 19]);
  });

  it('interpolates a percentile inside its bucket, narrowed to the minimum and maximum', () => {
    // 12, 14 in [10, 25); 30 in [25, 50); 60 in [50, 75).
    const s = summary([12, 14, 30, 60]);
    expect(percentile(s, 0.5)).toBe(25); // rank 2: the top of [12, 25)
    expect(percentile(s, 0.25)).toBe(18.5); // rank 1: half-way through [12, 25)
    expect(percentile(s, 0.95)).toBe(58); // rank 3.8: 0.8 of [50, 60]
    expect(percentile(s, 0.99)).toBe(59.6);
    // 100 runs at 120 ms and one at 2,400: p50 and p99 stay in [100, 150), read as [120, 150) (the
    // minimum is 120), so within the bucket's width of the truth (120).
    const steady = summary([...Array<number>(100).fill(120), 2400]);
    expect(percentile(steady, 0.5)).toBe(135.2); // rank 50.5: 120 + 30 x 50.5 / 100 = 135.15
    expect(percentile(steady, 0.99)).toBe(150); // rank 99.99: 120 + 30 x 0.9999
    expect(percentile(steady, 1)).toBe(2400); // rank 101: the run in [2000, 3000), whose top is the maximum
    expect(percentile(summary([]), 0.5)).toBeNull();
  });

  it('rolls results up per check, hour and UTC day, leaving maintenance out and latency to successes', () => {
    const base = { practiceId: 'p', checkId: 'c', degraded: false, message: '', id: 'x' };
    const rows = rollupsOf([
      { ...base, at: new Date('2026-12-01T23:10:00Z'), ok: true, latencyMs: 40, inMaintenance: false },
      { ...base, at: new Date('2026-12-01T23:50:00Z'), ok: false, latencyMs: 3, inMaintenance: false },
      { ...base, at: new Date('2026-12-01T23:55:00Z'), ok: true, latencyMs: 900, inMaintenance: true },
      { ...base, at: new Date('2026-12-02T00:05:00Z'), ok: true, latencyMs: 80, degraded: true, inMaintenance: false },
    ]);
    const pick = (grain: string, startsAt: string) =>
      rows.find((r) => r.grain === grain && r.startsAt.toISOString() === startsAt);
    expect(rows).toHaveLength(4);
    expect(pick('hour', '2026-12-01T23:00:00.000Z')).toMatchObject({
      runs: 2,
      up: 1,
      latencyCount: 1,
      latencySumMs: 40,
      latencyMinMs: 40,
      latencyMaxMs: 40,
    });
    expect(pick('day', '2026-12-01T00:00:00.000Z')).toMatchObject({ runs: 2, up: 1 });
    expect(pick('day', '2026-12-02T00:00:00.000Z')).toMatchObject({ runs: 1, up: 1, degraded: 1, latencyCount: 1 });
    expect(pick('hour', '2026-12-01T23:00:00.000Z')!.latencyBuckets[bucketOf(40)]).toBe(1);
  });
});
