/**
 * Minimum necessary for outside technicians (issue 18 item 5): whether MSP staff see patient
 * details on the service desk (a patient-desk ticket's text, patient contacts) is the practice's
 * decision, off until a practice administrator turns it on. While it is off an MSP caller gets
 * patient-desk tickets with those fields withheld (`redacted` says why) and no PHI read is
 * audited for them, since none happened; while it is on they read as anyone with `phi.read`.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import type { DeskPrivacy } from './desk-schema.ts';
import { saveDeskSettings } from './desk-settings.ts';
import { deskSettings } from './tables.ts';

export async function readPatientPrivacy(tx: Db, practiceId: string): Promise<DeskPrivacy> {
  const [row] = await tx.select().from(deskSettings).where(eq(deskSettings.practiceId, practiceId)).limit(1);
  return {
    mspSeesPatientDetails: row?.mspSeesPatientDetails ?? false,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Turns MSP staff's sight of patient details on or off; audited with the before and after. */
export async function setPatientPrivacy(s: InPractice, mspSeesPatientDetails: boolean): Promise<DeskPrivacy> {
  const before = await readPatientPrivacy(s.tx, s.practiceId);
  const now = await saveDeskSettings(s, { mspSeesPatientDetails }, 'desk.patient_privacy_changed', {
    mspSeesPatientDetails: { from: before.mspSeesPatientDetails, to: mspSeesPatientDetails },
  });
  return { mspSeesPatientDetails, updatedAt: now.toISOString() };
}

/**
 * What a caller holding `phi.read` may see of patient details: all of it, unless they are MSP
 * staff and the practice has not granted it.
 */
export async function patientSight(
  tx: Db,
  practiceId: string,
  caller: { holdsPhiRead: boolean; side: 'msp' | 'practice' },
): Promise<{ mayReadPhi: boolean; phiHiddenBySetting: boolean }> {
  if (!caller.holdsPhiRead) return { mayReadPhi: false, phiHiddenBySetting: false };
  if (caller.side !== 'msp') return { mayReadPhi: true, phiHiddenBySetting: false };
  const granted = (await readPatientPrivacy(tx, practiceId)).mspSeesPatientDetails;
  return { mayReadPhi: granted, phiHiddenBySetting: !granted };
}

/** Refuses a read that is nothing but patient details (a patient contact) to a caller the setting hides them from. */
export function refuseHiddenPatientDetails(s: { phiHiddenBySetting?: boolean }): void {
  if (s.phiHiddenBySetting)
    throw new AppError(
      'forbidden',
      "The practice's setting hides patient details from MSP staff; a practice administrator can change it",
    );
}
