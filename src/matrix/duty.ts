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
    const seen = new Set<string>();
    const consider = (p: Party | undefined) => {
      if (!p || seen.has(p.id)) return;
      seen.add(p.id);
      const why = this.offDuty(p, slot);
      if (why === null) {
        chain.push(p);
        return;
      }
      if (chain.length === 0) skipped.push(why);
      for (const cover of this.coveredBy.get(p.id) ?? []) consider(cover);
    };
    for (const id of row.responsible) consider(this.parties.get(id));
    for (const id of row.escalation) consider(this.parties.get(id));
    return { chain, skipped };
  }
}
