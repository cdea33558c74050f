/**
 * Who is on duty for an activity (issue 15, defect 6): the one rule the routing lookup and the
 * absence check share, so the check never reports as uncovered what routing would hand on.
 *
 * A party is on duty in a slot (a date, in or out of business hours) unless it is away that day
 * or it works business hours and the slot is outside them. The work of a party that is not on
 * duty goes to whoever covers for it (and, if they are off too, to whoever covers for them), and
 * after the Responsible parties and their cover comes the escalation path, in order, each with
 * its own cover.
 */
import type { Absence, Assignment, Matrix, Party } from './schema.ts';

export interface Slot {
  /** The practice's local date, YYYY-MM-DD. */
  date: string;
  inHours: boolean;
}

export interface Duty {
  /** The parties on duty, in the order the work goes to them. */
  chain: Party[];
  /** Why the parties passed over before the first on duty were passed over, in plain words. */
  skipped: string[];
}

export class DutyRoster {
  readonly parties: Map<string, Party>;
  /** Who covers for each party, in the order the matrix lists them. */
  readonly coveredBy = new Map<string, Party[]>();
  private readonly absences = new Map<string, Absence[]>();

  constructor(matrix: Pick<Matrix, 'parties' | 'absences'>) {
    this.parties = new Map(matrix.parties.map((p) => [p.id, p]));
    for (const p of matrix.parties)
      for (const c of p.covers) {
        const list = this.coveredBy.get(c);
        if (list) list.push(p);
        else this.coveredBy.set(c, [p]);
      }
    for (const a of matrix.absences) {
      const list = this.absences.get(a.party);
      if (list) list.push(a);
      else this.absences.set(a.party, [a]);
    }
  }

  absencesOf(id: string): readonly Absence[] {
    return this.absences.get(id) ?? [];
  }

  awayOn(id: string, date: string): Absence | undefined {
    return this.absences.get(id)?.find((a) => a.from <= date && date <= a.to);
  }

  /** Why a party is not on duty in the slot, or null when it is. */
  offDuty(p: Party, slot: Slot): string | null {
    const away = this.awayOn(p.id, slot.date);
    if (away) return `${p.name} is away (${away.from} to ${away.to})`;
    if (p.coverage !== '24x7' && !slot.inHours) return `${p.name} works business hours only`;
    return null;
  }

  /** Who takes an activity's work in the slot: Responsible, then escalation, each followed by its cover. */
  onDuty(row: Pick<Assignment, 'responsible' | 'escalation'>, slot: Slot): Duty {
    const skipped: string[] = [];
    const chain: Party[] = [];
    this.walk(row, slot, (p, why) => {
      if (why === null) chain.push(p);
      else if (chain.length === 0) skipped.push(why);
      return false;
    });
    return { chain, skipped };
  }

  /** Whether anyone on duty in the slot passes `accept`; stops at the first who does (the absence check asks this thousands of times). */
  anyOnDuty(row: Pick<Assignment, 'responsible' | 'escalation'>, slot: Slot, accept: (p: Party) => boolean): boolean {
    let found = false;
    this.walk(row, slot, (p, why) => (found = why === null && accept(p)));
    return found;
  }

  /**
   * Visits the parties in the order the work goes to them, each with why it is off duty (null
   * when on duty); an off-duty party's cover follows it. `visit` returns true to stop.
   */
  private walk(
    row: Pick<Assignment, 'responsible' | 'escalation'>,
    slot: Slot,
    visit: (p: Party, why: string | null) => boolean,
  ): void {
    const seen = new Set<string>();
    const consider = (p: Party | undefined): boolean => {
      if (!p || seen.has(p.id)) return false;
      seen.add(p.id);
      const why = this.offDuty(p, slot);
      if (visit(p, why)) return true;
      if (why === null) return false;
      for (const cover of this.coveredBy.get(p.id) ?? []) if (consider(cover)) return true;
      return false;
    };
    for (const id of row.responsible) if (consider(this.parties.get(id))) return;
    for (const id of row.escalation) if (consider(this.parties.get(id))) return;
  }
}
