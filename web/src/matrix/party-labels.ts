import type { Party } from '../../../src/matrix/schema.ts';

const sideLabel: Record<Party['side'], string> = {
  practice: 'Practice',
  internal_it: 'Internal IT',
  msp: 'MSP',
  vendor: 'Vendor',
};

/** A party's side and coverage in words, shown under its name in the grid's column header. */
export function partyDetail(party: Pick<Party, 'side' | 'coverage'>): string {
  return `${sideLabel[party.side]} · ${party.coverage === '24x7' ? '24x7' : 'business hours'}`;
}
