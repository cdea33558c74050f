/**
 * The routing lookup the rest of Tandem uses (issue 5, point 7): for an activity at a moment,
 * who is Responsible, who is Accountable and who comes next. It honours coverage hours (a
 * business-hours party is skipped at night) and planned absences (an absent party's work goes to
 * whoever covers for them). A router is compiled once per agreed version and answers from maps.
 */
import type { Absence, BusinessHours, Matrix, Party } from './schema.ts';

export interface Route {
  activity: string;
  responsible: Party | null;
  accountable: Party | null;
  /** Who takes over next, in order, among those available at that moment. */
  escalation: Party[];
  /** Why the parties before the one chosen were passed over, in plain words. */
  skipped: string[];
}

interface LocalTime {
  date: string;
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export class Router {
  private readonly parties: Map<string, Party>;
  private readonly rows: Map<string, Matrix['assignments'][number]>;
  private readonly coveredBy = new Map<string, Party[]>();
  private readonly absences = new Map<string, Absence[]>();
  private readonly format: Intl.DateTimeFormat;
  private readonly hours: BusinessHours;

  constructor(matrix: Matrix) {
    this.parties = new Map(matrix.parties.map((p) => [p.id, p]));
    this.rows = new Map(matrix.assignments.map((a) => [a.activity, a]));
    for (const p of matrix.parties)
      for (const c of p.covers) this.coveredBy.set(c, [...(this.coveredBy.get(c) ?? []), p]);
    for (const a of matrix.absences) this.absences.set(a.party, [...(this.absences.get(a.party) ?? []), a]);
    this.hours = matrix.hours;
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

  private local(at: Date): LocalTime {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: WEEKDAYS[parts.weekday!] ?? 0,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  private inHours(t: LocalTime): boolean {
    return (
      this.hours.days.includes(t.weekday) &&
      t.minutes >= minutesOf(this.hours.start) &&
      t.minutes < minutesOf(this.hours.end)
    );
  }

  private awayOn(id: string, date: string): Absence | undefined {
    return this.absences.get(id)?.find((a) => a.from <= date && date <= a.to);
  }

  /** Why a party cannot act at that moment, or null when it can. */
  private unavailable(p: Party, t: LocalTime): string | null {
    const away = this.awayOn(p.id, t.date);
    if (away) return `${p.name} is away (${away.from} to ${away.to})`;
    if (p.coverage !== '24x7' && !this.inHours(t)) return `${p.name} works business hours only`;
    return null;
  }

  route(activityId: string, at: Date): Route | null {
    const row = this.rows.get(activityId);
    if (!row) return null;
    const t = this.local(at);
    const skipped: string[] = [];
    const chain: Party[] = [];
    const seen = new Set<string>();
    const consider = (p: Party | undefined) => {
      if (!p || seen.has(p.id)) return;
      seen.add(p.id);
      const why = this.unavailable(p, t);
      if (why === null) {
        chain.push(p);
        return;
      }
      if (chain.length === 0) skipped.push(why);
      // An absent or off-hours party's work goes to whoever covers for them.
      for (const cover of this.coveredBy.get(p.id) ?? []) consider(cover);
    };
    for (const id of [...row.responsible, ...row.escalation]) consider(this.parties.get(id));
    return {
      activity: activityId,
      responsible: chain[0] ?? null,
      accountable: this.parties.get(row.accountable[0] ?? '') ?? null,
      escalation: chain.slice(1),
      skipped,
    };
  }
}
