/**
 * Whether the practice takes requests from patients through the public intake form (issue 18
 * item 5). Off until a practice administrator opens it; each change is audited. The form's
 * address carries a public id made when it is first opened, never the practice's id, and kept
 * when it is closed and opened again, so a link the practice printed keeps working.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import type { IntakeSettings, IntakeSettingsInput } from './intake-schema.ts';
import { saveDeskSettings } from './desk-settings.ts';
import { deskSettings } from './tables.ts';

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 20 characters of base32 (100 bits): a form id nobody finds by guessing. */
const newFormId = () => [...randomBytes(20)].map((b) => base32[b % 32]).join('');

export async function readIntakeSettings(tx: Db, practiceId: string): Promise<IntakeSettings> {
  const [row] = await tx.select().from(deskSettings).where(eq(deskSettings.practiceId, practiceId)).limit(1);
  return {
    enabled: row?.intakeEnabled ?? false,
    asksBirthDate: row?.intakeAsksBirthDate ?? false,
    formId: row?.intakeFormId ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Opens or closes the form (and whether it asks for a date of birth); audited with the before and after. */
export async function setIntakeSettings(s: InPractice, input: IntakeSettingsInput): Promise<IntakeSettings> {
  const before = await readIntakeSettings(s.tx, s.practiceId);
  const formId = before.formId ?? (input.enabled ? newFormId() : null);
  const now = await saveDeskSettings(
    s,
    { intakeEnabled: input.enabled, intakeAsksBirthDate: input.asksBirthDate, intakeFormId: formId },
    'desk.intake_changed',
    {
      enabled: { from: before.enabled, to: input.enabled },
      asksBirthDate: { from: before.asksBirthDate, to: input.asksBirthDate },
    },
  );
  return { enabled: input.enabled, asksBirthDate: input.asksBirthDate, formId, updatedAt: now.toISOString() };
}

/** The open form with this public id, or null (the caller reads as the owner: the id is what names the practice). */
export async function unsafeOpenForm(
  db: Db,
  formId: string,
): Promise<{ practiceId: string; asksBirthDate: boolean } | null> {
  const [row] = await db
    .select({ practiceId: deskSettings.practiceId, asksBirthDate: deskSettings.intakeAsksBirthDate })
    .from(deskSettings)
    .where(and(eq(deskSettings.intakeFormId, formId), eq(deskSettings.intakeEnabled, true)))
    .limit(1);
  return row ?? null;
}
