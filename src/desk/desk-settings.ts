/**
 * A practice's desk settings row (one per practice, made on its first change): each setting's
 * module writes its own columns through saveDeskSettings, which stamps who changed them and
 * audits the change, so every desk setting is recorded the same way.
 */
import { appendAudit } from '../core/audit/append.ts';
import { actingUserId, type InPractice } from '../core/tenancy/acting.ts';
import { deskSettings } from './tables.ts';

type SettingColumns = Omit<typeof deskSettings.$inferInsert, 'practiceId' | 'updatedAt' | 'updatedBy'>;

/** Writes `columns` (creating the row when missing) and audits `action` with `details`; returns when. */
export async function saveDeskSettings(
  s: InPractice,
  columns: SettingColumns,
  action: string,
  details: Record<string, unknown>,
): Promise<Date> {
  const now = s.clock.now();
  const row = { ...columns, updatedAt: now, updatedBy: actingUserId(s.origin) };
  await s.tx
    .insert(deskSettings)
    .values({ practiceId: s.practiceId, ...row })
    .onConflictDoUpdate({ target: deskSettings.practiceId, set: row });
  await appendAudit(s.tx, {
    at: now,
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: 'practice',
    targetId: s.practiceId,
    details,
  });
  return now;
}
