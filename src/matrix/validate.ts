/**
 * Checks a responsibility matrix and returns findings (issue 5, point 2): gaps, accountability
 * that is missing, doubled or outside the practice where HIPAA keeps it inside, overlaps, night
 * work without night cover, key people without cover, escalation paths that loop or lead nowhere,
 * work outside an MSP's contract, and planned absences that leave work uncovered.
 *
 * Everything is looked up through maps built once, so a 500 x 30 matrix checks in well under the
 * 20 ms budget (bench/matrix.bench.ts).
 */
import type { Activity, Assignment, Finding, FindingRule, Matrix, Party } from './schema.ts';

interface Index {
  parties: Map<string, Party>;
  assignments: Map<string, Assignment>;
  /** Who covers for each party. */
  coveredBy: Map<string, Party[]>;
}

function indexOf(m: Matrix): Index {
  const parties = new Map(m.parties.map((p) => [p.id, p]));
  const coveredBy = new Map<string, Party[]>();
  for (const p of m.parties)
    for (const c of p.covers) {
      const list = coveredBy.get(c) ?? [];
      list.push(p);
      coveredBy.set(c, list);
    }
  return { parties, assignments: new Map(m.assignments.map((a) => [a.activity, a])), coveredBy };
}

/** The organisation a party belongs to: the practice (with its internal IT), the MSP, or each vendor on its own. */
function organisation(p: Party): string {
  if (p.side === 'practice' || p.side === 'internal_it') return 'practice';
  return p.side === 'msp' ? 'msp' : `vendor:${p.id}`;
}

/** Parties that can do technical work themselves (leadership decides, it does not fix servers). */
function canAct(p: Party): boolean {
  return p.kind !== 'leadership' && p.side !== 'practice';
}

type Emit = (
  rule: FindingRule,
  severity: Finding['severity'],
  parties: readonly (string | null)[],
  message: string,
  hint: string,
) => void;

function checkAccountability(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  if (row.accountable.length !== 1)
    emit(
      'accountable_count',
      'error',
      row.accountable.length ? row.accountable : [null],
      row.accountable.length === 0
        ? `"${a.name}" has no Accountable party`
        : `"${a.name}" has ${row.accountable.length} Accountable parties`,
      'Name exactly one party who answers for the outcome; others can be Consulted or Informed.',
    );
  if (!a.practiceAccountable) return;
  for (const id of row.accountable) {
    const p = ix.parties.get(id);
    if (p && organisation(p) !== 'practice')
      emit(
        'accountable_outside_practice',
        'error',
        [id],
        `"${a.name}" must stay with the practice, but ${p.name} (${p.side}) is Accountable`,
        'HIPAA keeps the practice accountable for this whoever does the work: make practice leadership or the security official Accountable and the MSP Responsible.',
      );
  }
}

function checkDoers(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  const doers = row.responsible.map((id) => ix.parties.get(id)).filter((p): p is Party => p !== undefined);
  const orgs = new Set(doers.map(organisation));
  if (orgs.size > 1 && !row.split)
    emit(
      'overlap_without_split',
      'warning',
      row.responsible,
      `"${a.name}" has Responsible parties in ${orgs.size} organisations and no stated split`,
      'State who does which part (e.g. "internal IT tier 1, MSP tier 2"), or keep one Responsible: otherwise the practice may pay twice or each side may assume the other did it.',
    );
  if (a.coverage === '24x7' && doers.length > 0 && !doers.some((p) => p.coverage === '24x7'))
    emit(
      'coverage_24x7',
      'error',
      row.responsible,
      `"${a.name}" needs 24x7 cover, but ${doers.map((p) => p.name).join(' and ')} work${doers.length === 1 ? 's' : ''} business hours only`,
      'Make a 24x7 party Responsible (an MSP NOC or SOC), or give the internal team an on-call rota and mark it 24x7.',
    );
  if (doers.length === 1 && doers[0]!.kind === 'person' && !(ix.coveredBy.get(doers[0]!.id) ?? []).length)
    emit(
      'key_person',
      'warning',
      [doers[0]!.id],
      `Only ${doers[0]!.name} does "${a.name}", and nobody covers for them`,
      'Name someone who covers for them (a colleague or an MSP team) so the work does not stop when they are away or leave.',
    );
  for (const p of doers)
    if (p.scope && !p.scope.includes(a.function))
      emit(
        'outside_contract_scope',
        'error',
        [p.id],
        `${p.name} is Responsible for "${a.name}", which its contract scope does not include (${a.function})`,
        'Add the function to the contract scope, or make a party whose contract includes it Responsible.',
      );
}

function checkEscalation(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  const seen = new Set<string>();
  for (const id of row.escalation) {
    if (seen.has(id) || row.responsible.includes(id)) {
      emit(
        'escalation_loop',
        'error',
        [id],
        `The escalation path of "${a.name}" comes back to ${ix.parties.get(id)?.name ?? id}`,
        'List each party once, after the Responsible one(s), in the order they take over.',
      );
      return;
    }
    seen.add(id);
  }
  const chain = row.escalation.map((id) => ix.parties.get(id)).filter((p): p is Party => p !== undefined);
  if (chain.length === 0) {
    // Leadership is where every path ends: a decision only it can take needs no path above it.
    const leadershipDecides = row.responsible.every((id) => ix.parties.get(id)?.kind === 'leadership');
    if ((a.sla === 'critical' || a.sla === 'high') && !leadershipDecides)
      emit(
        'escalation_dead_end',
        'warning',
        [null],
        `"${a.name}" is ${a.sla} but has no escalation path`,
        'Add who takes over when the Responsible party cannot: a team that can act, then leadership.',
      );
    return;
  }
  if (!chain.some(canAct))
    emit(
      'escalation_dead_end',
      'error',
      row.escalation,
      `The escalation path of "${a.name}" ends without a party that can act (${chain.map((p) => p.name).join(' -> ')})`,
      'Put a team or person who can do the work (internal IT, an MSP team or the vendor) in the path before leadership.',
    );
}

function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** A planned absence leaves an activity uncovered when all its Responsible parties are away and nobody who covers them is available. */
function checkAbsences(m: Matrix, ix: Index, emit: (a: Activity, ...rest: Parameters<Emit>) => void): void {
  if (m.absences.length === 0) return;
  const absent = new Map<string, typeof m.absences>();
  for (const ab of m.absences) absent.set(ab.party, [...(absent.get(ab.party) ?? []), ab]);
  const awayDuring = (id: string, span: { from: string; to: string }) =>
    (absent.get(id) ?? []).some((x) => overlaps(x, span));
  for (const a of m.activities) {
    const row = ix.assignments.get(a.id);
    if (!row || row.responsible.length === 0) continue;
    for (const ab of m.absences) {
      if (!row.responsible.includes(ab.party)) continue;
      const othersHere = row.responsible.filter((id) => id !== ab.party && !awayDuring(id, ab));
      const cover = (ix.coveredBy.get(ab.party) ?? []).filter((p) => !awayDuring(p.id, ab));
      if (othersHere.length === 0 && cover.length === 0)
        emit(
          a,
          'absence_uncovered',
          'warning',
          [ab.party],
          `${ix.parties.get(ab.party)?.name ?? ab.party} is away ${ab.from} to ${ab.to}${ab.note ? ` (${ab.note})` : ''} and nobody covers "${a.name}"`,
          'Name someone who covers for them during the absence, or move the work for those days.',
        );
    }
  }
}

export function validateMatrix(m: Matrix): Finding[] {
  const ix = indexOf(m);
  const findings: Finding[] = [];
  const emitFor = (a: Activity, ...[rule, severity, parties, message, hint]: Parameters<Emit>) =>
    findings.push({
      rule,
      severity,
      activity: a.id,
      cells: parties.map((party) => ({ activity: a.id, party })),
      message,
      hint,
    });
  for (const a of m.activities) {
    const emit: Emit = (...args) => emitFor(a, ...args);
    const row = ix.assignments.get(a.id);
    if (!row || row.responsible.length === 0) {
      emit(
        'no_responsible',
        'error',
        [null],
        `Nobody is Responsible for "${a.name}"`,
        'Assign the party who does the work; a gap is where each side assumes the other is handling it.',
      );
      if (!row) continue;
    }
    checkAccountability(a, row, ix, emit);
    checkDoers(a, row, ix, emit);
    checkEscalation(a, row, ix, emit);
  }
  checkAbsences(m, ix, emitFor);
  return findings;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
