/**
 * The tickets about a device, newest first, for the device's page (titles of patient-desk tickets
 * withheld). With `requesterId`, only that person's own: someone who does not work tickets sees
 * the ones they raised, as in the desk's queue.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { InPractice } from '../core/tenancy/acting.ts';
import { tickets } from './tables.ts';

export async function deviceTickets(s: InPractice, deviceId: string, limit: number, requesterId?: string) {
  const rows = await s.tx
    .select({
      id: tickets.id,
      number: tickets.number,
      phi: tickets.phi,
      title: tickets.title,
      status: tickets.status,
      priority: tickets.priority,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.practiceId, s.practiceId),
        eq(tickets.deviceId, deviceId),
        requesterId ? eq(tickets.requesterId, requesterId) : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(limit);
  return rows.map(({ phi, title, createdAt, ...row }) => ({
    ...row,
    title: phi ? null : title,
    createdAt: createdAt.toISOString(),
  }));
}
