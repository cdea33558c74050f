/**
 * Where a new ticket goes (issue 18, point 3): its category's matrix activity, then whoever the
 * agreed matrix puts on duty for it now (onDuty: coverage hours, absences, cover). With no agreed
 * matrix, an activity the matrix lacks, or nobody available, the ticket waits in the desk's
 * triage queue with the reason in words.
 */
import type { OnDuty } from '../matrix/on-duty.ts';

export interface Holder {
  partyId: string;
  name: string;
  side: string;
}

export interface Placement {
  holder: Holder | null;
  /** Why no party holds it; null when one does. */
  triageReason: string | null;
  matrixVersion: number | null;
  /** Parties passed over on the way (absent, off hours), for the ticket's history. */
  skipped: string[];
}

export function placementOf(duty: OnDuty | null, activity: string, matrixAgreed: boolean): Placement {
  if (!duty) {
    const triageReason = matrixAgreed
      ? `The agreed matrix has no activity "${activity}"`
      : 'The practice has no agreed responsibility matrix';
    return { holder: null, triageReason, matrixVersion: null, skipped: [] };
  }
  const party = duty.route.responsible;
  return {
    holder: party && { partyId: party.id, name: party.name, side: party.side },
    triageReason: party ? null : `Nobody Responsible for "${activity}" is available now`,
    matrixVersion: duty.version,
    skipped: duty.route.skipped,
  };
}
