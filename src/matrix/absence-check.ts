/**
 * Planned absences that leave work uncovered (issue 15, defect 6). The check asks the routing
 * lookup's own question (duty.ts) for each stretch of the absence: would the work go to someone
 * who can do it? An absence is reported only where the answer is no, and it would have been yes
 * on an ordinary day, so night work that nobody covers even without the absence is left to the
 * 24x7 rule. Stretches, not days: within a stretch the same parties are away, so one question
 * answers for all its days, and a year-long absence costs no more than a week.
 */
import { canAct, partiesOf, type EmitFor, type Index } from './check-support.ts';
import type { Slot } from './duty.ts';
import type { Absence, Activity, Assignment, BusinessHours, Matrix, Party } from './schema.ts';

const DAY_MS = 86_400_000;
const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const toDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday, 1 = Monday. */
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

interface Stretch {
  from: string;
  to: string;
  /** A business day within the stretch, when there is one. */
  workday: string | null;
}

/** The absence cut where any other absence starts or ends, so that the same parties are away all through each piece. */
function stretchesOf(ab: Absence, all: readonly Absence[], hours: BusinessHours): Stretch[] {
  const first = toDay(ab.from);
  const last = toDay(ab.to);
  const cuts = new Set<number>([first]);
  for (const other of all) {
    const start = toDay(other.from);
    const after = toDay(other.to) + 1;
    if (start > first && start <= last) cuts.add(start);
    if (after > first && after <= last) cuts.add(after);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((start, i) => {
    const end = (starts[i + 1] ?? last + 1) - 1;
    let workday: string | null = null;
    for (let d = start; d <= end && d < start + 7; d++)
      if (hours.days.includes(weekdayOf(d))) {
        workday = toDate(d);
        break;
      }
    return { from: toDate(start), to: toDate(end), workday };
  });
}

/** Whether someone on duty can do the work: technical work needs a party that can act, a decision anyone who holds it. */
function covered(chain: readonly Party[], technical: boolean): boolean {
  return technical ? chain.some(canAct) : chain.length > 0;
}

function uncoveredSlot(a: Activity, row: Assignment, stretch: Stretch, ix: Index): Slot | null {
  const technical = partiesOf(row.responsible, ix).some(canAct);
  const slots: Slot[] = [];
  if (stretch.workday) slots.push({ date: stretch.workday, inHours: true });
  if (a.coverage === '24x7') slots.push({ date: stretch.from, inHours: false });
  for (const slot of slots)
    if (
      !covered(ix.roster.onDuty(row, slot).chain, technical) &&
      covered(ix.ordinary.onDuty(row, slot).chain, technical)
    )
      return slot;
  return null;
}

export function checkAbsences(m: Matrix, ix: Index, emit: EmitFor): void {
  if (m.absences.length === 0) return;
  const stretches = new Map<Absence, Stretch[]>();
  for (const a of m.activities) {
    const row = ix.assignments.get(a.id);
    if (!row) continue;
    for (const id of row.responsible)
      for (const ab of ix.roster.absencesOf(id)) {
        let pieces = stretches.get(ab);
        if (!pieces) stretches.set(ab, (pieces = stretchesOf(ab, m.absences, m.hours)));
        for (const stretch of pieces) {
          const slot = uncoveredSlot(a, row, stretch, ix);
          if (!slot) continue;
          const whole = stretch.from === ab.from && stretch.to === ab.to;
          const when = whole
            ? ''
            : stretch.from === stretch.to
              ? ` on ${stretch.from}`
              : ` from ${stretch.from} to ${stretch.to}`;
          emit(
            a,
            'absence_uncovered',
            'warning',
            [id],
            `${ix.roster.parties.get(id)?.name ?? id} is away ${ab.from} to ${ab.to}${ab.note ? ` (${ab.note})` : ''} and nobody covers "${a.name}"${when}${slot.inHours ? '' : ' out of hours'}`,
            'Name someone who covers for them during the absence (or put a party that can do the work in the escalation path), or move the work for those days.',
          );
          break;
        }
      }
  }
}
