/** Ticket references as people type them, and the report's backlog ages, on hand-picked cases. */
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../src/desk/desk-schema.ts';
import { monthsBetween } from '../../src/desk/report-schema.ts';
import { backlogRows, csatRows } from '../../src/desk/sla-report.ts';
import { parseTicketReference, ticketReference } from '../../src/desk/ticket-schema.ts';

describe('ticket references', () => {
  it('reads T-12, t12, #12 and 12 as 12, and nothing else', () => {
    for (const text of ['T-12', 't12', '#12', '12', ' T-12 ']) expect(parseTicketReference(text), text).toBe(12);
    for (const text of ['T-0', 'T-', 'printer', '12a', 'T--12', '-3', '1234567890'])
      expect(parseTicketReference(text), text).toBeNull();
    expect(ticketReference(7)).toBe('T-7');
  });
});

describe('report arithmetic', () => {
  const desk = { id: '00000000-0000-4000-8000-000000000001', name: 'IT desk' } as Desk;
  const now = new Date('2026-12-07T12:00:00Z');
  const opened = (iso: string) => ({ deskId: desk.id, createdAt: new Date(iso) });

  it('buckets open tickets by wall-clock age, each boundary in the older bucket', () => {
    const [row] = backlogRows(
      [desk],
      [
        opened('2026-12-07T11:00:00Z'), // 1 hour
        opened('2026-12-06T12:00:00Z'), // exactly 1 day
        opened('2026-12-04T12:00:01Z'), // just under 3 days
        opened('2026-11-30T12:00:00Z'), // exactly 7 days
        opened('2026-11-07T12:00:00Z'), // exactly 30 days
      ],
      now,
    );
    expect(row).toEqual({
      deskId: desk.id,
      desk: 'IT desk',
      open: 5,
      buckets: { under_1_day: 1, '1_to_3_days': 2, '3_to_7_days': 0, '7_to_30_days': 1, over_30_days: 1 },
    });
  });

  it('gives the share of good ratings to one decimal, null without ratings', () => {
    const rated = ['good', 'good', 'bad'].map((rating) => ({ deskId: desk.id, rating }));
    expect(csatRows([desk], rated)[0]).toMatchObject({ good: 2, bad: 1, percentGood: 66.7 });
    expect(csatRows([desk], [])[0]).toMatchObject({ good: 0, bad: 0, percentGood: null });
  });

  it('counts the months a report spans', () => {
    expect(monthsBetween('2026-01', '2026-03')).toBe(2);
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
  });
});
