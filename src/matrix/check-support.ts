/** What the matrix checks share: the index they look things up in, and who counts as what. */
import { DutyRoster } from './duty.ts';
import type { Activity, Assignment, Finding, FindingRule, Matrix, Party } from './schema.ts';

export interface Index {
  roster: DutyRoster;
  /** The same roster without the planned absences: who is on duty on an ordinary day. */
  ordinary: DutyRoster;
  assignments: Map<string, Assignment>;
}

export function indexOf(m: Matrix): Index {
  return {
    roster: new DutyRoster(m),
    ordinary: new DutyRoster({ parties: m.parties, absences: [] }),
    assignments: new Map(m.assignments.map((a) => [a.activity, a])),
  };
}

export function partiesOf(ids: readonly string[], ix: Index): Party[] {
  const out: Party[] = [];
  for (const id of ids) {
    const p = ix.roster.parties.get(id);
    if (p) out.push(p);
  }
  return out;
}

/** The organisation a party belongs to: the practice (with its internal IT), the MSP, or each vendor on its own. */
export function organisation(p: Party): string {
  if (p.side === 'practice' || p.side === 'internal_it') return 'practice';
  return p.side === 'msp' ? 'msp' : `vendor:${p.id}`;
}

/** Parties that can do technical work themselves (leadership decides, it does not fix servers). */
export function canAct(p: Party): boolean {
  return p.kind !== 'leadership' && p.side !== 'practice';
}

/**
 * Duties HIPAA leaves with the covered entity whoever does the work, whatever the matrix's
 * practice_accountable column says: designating the security official (45 CFR 164.308(a)(2)),
 * deciding on breach notification (45 CFR 164.404-408: the covered entity notifies; a business
 * associate only tells the covered entity, 164.410) and signing off its risk analysis. Known by
 * the activity catalog's ids, or by name when a practice wrote its own activity.
 */
const COVERED_ENTITY_DUTY_IDS = new Set(['security_official', 'breach_notification', 'risk_signoff']);
const COVERED_ENTITY_DUTY_NAME = /breach notification|security official|sign(?:s|ing)?[ -]?off the risk analysis/i;

export function isCoveredEntityDuty(a: Activity): boolean {
  return COVERED_ENTITY_DUTY_IDS.has(a.id) || COVERED_ENTITY_DUTY_NAME.test(a.name);
}

/** Functions whose work is deciding and governing rather than operating systems. */
const GOVERNANCE_FUNCTIONS = new Set<string>(['compliance_risk', 'it_strategy', 'vendor_management']);

export function isTechnicalWork(a: Activity): boolean {
  return !GOVERNANCE_FUNCTIONS.has(a.function) && !isCoveredEntityDuty(a);
}

/** Adds a finding about one activity, with the cells of the parties it names (null for the whole row). */
export type Emit = (
  rule: FindingRule,
  severity: Finding['severity'],
  parties: readonly (string | null)[],
  message: string,
  hint: string,
) => void;

export type EmitFor = (a: Activity, ...rest: Parameters<Emit>) => void;

export function activityFinding(a: Activity, ...[rule, severity, parties, message, hint]: Parameters<Emit>): Finding {
  return {
    rule,
    severity,
    activity: a.id,
    cells: parties.map((party) => ({ activity: a.id, party })),
    message,
    hint,
  };
}

/** "A, B and C", or the first few and how many more. */
export function namesList(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
