/** The service desk report's data shaped for its charts (web/src/desk/report-series.ts). */
import { describe, expect, it } from 'vitest';
import type { BacklogRow, MonthSideRow } from '../../src/desk/report-schema.ts';
import { backlogBars, csatBars, monthsOf, slaTrend } from '../../web/src/desk/report-series.ts';

const attainment = (met: number, missed: number, pending = 0) => ({
  met,
  missed,
  pending,
  percent: met + missed === 0 ? null : Math.round((1000 * met) / (met + missed)) / 10,
});
const row = (month: string, side: string, first: [number, number], resolution: [number, number]): MonthSideRow => ({
  key: `${month}/${side}`,
  label: `${month} ${side}`,
  month,
  side,
  tickets: first[0] + first[1],
  firstResponse: attainment(...first),
  resolution: attainment(...resolution),
});
const desk = (deskId: string, name: string, buckets: number[]): BacklogRow => ({
  deskId,
  desk: name,
  open: buckets.reduce((a, b) => a + b, 0),
  buckets: {
    under_1_day: buckets[0]!,
    '1_to_3_days': buckets[1]!,
    '3_to_7_days': buckets[2]!,
    '7_to_30_days': buckets[3]!,
    over_30_days: buckets[4]!,
  },
});
const itId = '00000000-0000-4000-8000-000000000001';
const patientId = '00000000-0000-4000-8000-000000000002';

describe('desk report chart series', () => {
  it('lists every month of the span, across a new year', () => {
    expect(monthsOf('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOf('2026-05', '2026-05')).toEqual(['2026-05']);
  });

  it('draws two lines per side, internal IT and the MSP first, with a gap where a month decided nothing', () => {
    const { points, series } = slaTrend({
      from: '2026-10',
      to: '2026-12',
      byMonthAndHolder: [
        row('2026-10', 'msp', [3, 1], [2, 2]),
        row('2026-10', 'triage', [0, 0], [0, 0]),
        row('2026-12', 'internal_it', [1, 0], [0, 1]),
      ],
    });
    expect(series.map((s) => [s.key, s.label, s.dashed ?? false])).toEqual([
      ['internal_it/firstResponse', 'internal IT: first response', false],
      ['internal_it/resolution', 'internal IT: resolution', true],
      ['msp/firstResponse', 'MSP: first response', false],
      ['msp/resolution', 'MSP: resolution', true],
      ['triage/firstResponse', 'Triage (no holder): first response', false],
      ['triage/resolution', 'Triage (no holder): resolution', true],
    ]);
    // A side's two lines share its colour; the dash tells the clocks apart, the legend names them.
    expect(series[0]!.color).toBe(series[1]!.color);
    expect(series[0]!.color).not.toBe(series[2]!.color);
    expect(points).toEqual([
      {
        month: '2026-10',
        'internal_it/firstResponse': null,
        'internal_it/resolution': null,
        'msp/firstResponse': 75,
        'msp/resolution': 50,
        'triage/firstResponse': null,
        'triage/resolution': null,
      },
      {
        month: '2026-11',
        'internal_it/firstResponse': null,
        'internal_it/resolution': null,
        'msp/firstResponse': null,
        'msp/resolution': null,
        'triage/firstResponse': null,
        'triage/resolution': null,
      },
      {
        month: '2026-12',
        'internal_it/firstResponse': 100,
        'internal_it/resolution': 0,
        'msp/firstResponse': null,
        'msp/resolution': null,
        'triage/firstResponse': null,
        'triage/resolution': null,
      },
    ]);
  });

  it('gives bars per age bucket, one series per desk, adding up to the open tickets', () => {
    const { points, series } = backlogBars([
      desk(itId, 'IT desk', [2, 0, 1, 0, 4]),
      desk(patientId, 'Patient desk', [1, 0, 0, 0, 0]),
    ]);
    expect(series.map((s) => [s.key, s.label])).toEqual([
      [itId, 'IT desk'],
      [patientId, 'Patient desk'],
    ]);
    expect(points).toEqual([
      { bucket: 'Under 1 day', [itId]: 2, [patientId]: 1 },
      { bucket: '1-3 days', [itId]: 0, [patientId]: 0 },
      { bucket: '3-7 days', [itId]: 1, [patientId]: 0 },
      { bucket: '7-30 days', [itId]: 0, [patientId]: 0 },
      { bucket: 'Over 30 days', [itId]: 4, [patientId]: 0 },
    ]);
  });

  it('gives a stacked bar of good and bad ratings per desk', () => {
    const { points, series } = csatBars([
      { deskId: itId, desk: 'IT desk', good: 3, bad: 1, percentGood: 75 },
      { deskId: patientId, desk: 'Patient desk', good: 0, bad: 0, percentGood: null },
    ]);
    expect(series.map((s) => s.label)).toEqual(['Rated good', 'Rated bad']);
    expect(points).toEqual([
      { desk: 'IT desk', good: 3, bad: 1 },
      { desk: 'Patient desk', good: 0, bad: 0 },
    ]);
  });

  it('has nothing to draw for an empty report: no tickets, nothing open, no ratings', () => {
    expect(slaTrend({ from: '2026-10', to: '2026-12', byMonthAndHolder: [] })).toEqual({ points: [], series: [] });
    expect(backlogBars([desk(itId, 'IT desk', [0, 0, 0, 0, 0])])).toEqual({ points: [], series: [] });
    expect(backlogBars([])).toEqual({ points: [], series: [] });
    expect(csatBars([{ deskId: itId, desk: 'IT desk', good: 0, bad: 0, percentGood: null }])).toEqual({
      points: [],
      series: [],
    });
  });
});
