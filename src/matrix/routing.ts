/**
 * The routing lookup the rest of Tandem uses (issue 5, point 7): for an activity at a moment,
 * who is Responsible, who is Accountable and who comes next. It honours coverage hours (a
 * business-hours party is skipped at night) and planned absences (an absent party's work goes to
 * whoever covers for them), by the rule in duty.ts that the absence check shares. A router is
 * compiled once per agreed version and answers from maps.
 */
import { DutyRoster, type Slot } from './duty.ts';
import type { BusinessHours, Matrix, Party } from './schema.ts';

export interface Route {
  activity: string;
  responsible: Party | null;
  accountable: Party | null;
  /** Who takes over next, in order, among those available at that moment. */
  escalation: Party[];
  /** Why the parties before the one chosen were passed over, in plain words. */
  skipped: string[];
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export class Router {
  private readonly roster: DutyRoster;
  private readonly rows: Map<string, Matrix['assignments'][number]>;
  private readonly format: Intl.DateTimeFormat;
  private readonly hours: BusinessHours;
  private readonly start: number;
  private readonly end: number;

  constructor(matrix: Matrix) {
    this.roster = new DutyRoster(matrix);
    this.rows = new Map(matrix.assignments.map((a) => [a.activity, a]));
    this.hours = matrix.hours;
    this.start = minutesOf(matrix.hours.start);
    this.end = minutesOf(matrix.hours.end);
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: matrix.hours.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** The moment as the practice's local date, and whether it falls within business hours. */
  private slot(at: Date): Slot {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    const weekday = WEEKDAYS[parts.weekday!] ?? 0;
    const minutes = Number(parts.hour) * 60 + Number(parts.minute);
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      inHours: this.hours.days.includes(weekday) && minutes >= this.start && minutes < this.end,
    };
  }

  /** Whether the party works at `at` by its coverage and absences (notify's quiet hours ask this). */
  partyOnDuty(party: Party, at: Date): boolean {
    return this.roster.offDuty(party, this.slot(at)) === null;
  }

  route(activityId: string, at: Date): Route | null {
    const row = this.rows.get(activityId);
    if (!row) return null;
    const { chain, skipped } = this.roster.onDuty(row, this.slot(at));
    return {
      activity: activityId,
      responsible: chain[0] ?? null,
      accountable: this.roster.parties.get(row.accountable[0] ?? '') ?? null,
      escalation: chain.slice(1),
      skipped,
    };
  }
}
