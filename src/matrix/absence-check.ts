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
import type { Absence, Activity, Assignment, BusinessHours, Matrix } from './schema.ts';

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 for a YYYY-MM-DD date (the schema has checked the form). */
const toDay = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const toDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday, 1 = Monday (day 0 was a Thursday). */
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

interface Stretch {
  from: string;
  to: string;
  /** A business day within the stretch, when there is one. */
  workday: string | null;
}

/** Every day on which some absence starts or some absence has just ended, sorted: where who is away changes. */
function changeDays(all: readonly Absence[]): number[] {
  const days = new Set<number>();
  for (const ab of all) {
    days.add(toDay(ab.from));
    days.add(toDay(ab.to) + 1);
  }
  return [...days].sort((x, y) => x - y);
}

/** The absence cut wherever another absence starts or ends, so that the same parties are away all through each piece. */
function stretchesOf(ab: Absence, changes: readonly number[], hours: BusinessHours): Stretch[] {
  const first = toDay(ab.from);
  const last = toDay(ab.to);
  // The first change after the absence starts, by binary search: the cuts inside it follow in order.
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid]! <= first) lo = mid + 1;
    else hi = mid;
  }
  const starts = [first];
  for (let i = lo; i < changes.length && changes[i]! <= last; i++) starts.push(changes[i]!);
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

/**
 * The first slot of the stretch in which nobody on duty can do the work but someone could on an
 * ordinary day; technical work needs a party that can act, a decision anyone who holds it.
 */
function uncoveredSlot(a: Activity, row: Assignment, stretch: Stretch, ix: Index, technical: boolean): Slot | null {
  const can = technical ? canAct : () => true;
  const slots: Slot[] = [];
  if (stretch.workday) slots.push({ date: stretch.workday, inHours: true });
  if (a.coverage === '24x7') slots.push({ date: stretch.from, inHours: false });
  for (const slot of slots)
    if (!ix.roster.anyOnDuty(row, slot, can) && ix.ordinary.anyOnDuty(row, slot, can)) return slot;
  return null;
}

export function checkAbsences(m: Matrix, ix: Index, emit: EmitFor): void {
  if (m.absences.length === 0) return;
  const changes = changeDays(m.absences);
  const stretches = new Map<Absence, Stretch[]>();
  // Rows alike in who does the work, who escalates and when, get the same answer for a stretch.
  const answers = new Map<string, Map<Stretch, Slot | null>>();
  for (const a of m.activities) {
    const row = ix.assignments.get(a.id);
    if (!row || !row.responsible.some((id) => ix.roster.absencesOf(id).length > 0)) continue;
    const technical = partiesOf(row.responsible, ix).some(canAct);
    const alike = `${a.coverage}|${technical}|${row.responsible.join(';')}|${row.escalation.join(';')}`;
    let known = answers.get(alike);
    if (!known) answers.set(alike, (known = new Map()));
    for (const id of row.responsible)
      for (const ab of ix.roster.absencesOf(id)) {
        let pieces = stretches.get(ab);
        if (!pieces) stretches.set(ab, (pieces = stretchesOf(ab, changes, m.hours)));
        for (const stretch of pieces) {
          let slot = known.get(stretch);
          if (slot === undefined) known.set(stretch, (slot = uncoveredSlot(a, row, stretch, ix, technical)));
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
