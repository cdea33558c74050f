/**
 * Checks a responsibility matrix and returns findings (issues 5 and 15): gaps, accountability
 * that is missing, doubled or outside the practice where HIPAA keeps it inside, overlaps and
 * unresolved splits, night work without night cover or a rota too thin for it, leadership left to
 * do technical work, key people without cover and work concentrated on one person, escalation
 * paths that loop, lead nowhere or sleep at night, work outside an MSP's contract, the security
 * official, and planned absences that leave work uncovered.
 *
 * Everything is looked up through maps built once, so a 500 x 30 matrix checks in well under the
 * 20 ms budget (bench/matrix.bench.ts).
 */
import { checkAbsences } from './absence-check.ts';
import {
  activityFinding,
  canAct,
  indexOf,
  isCoveredEntityDuty,
  isTechnicalWork,
  namesList,
  organisation,
  partiesOf,
  type Emit,
  type Index,
} from './check-support.ts';
import { checkConcentration, checkSecurityOfficial } from './people-checks.ts';
import type { Activity, Assignment, Finding, Matrix, Party } from './schema.ts';

/** People a 24x7 seat needs: 8,760 hours a year over about 1,800 available hours per person (shared/domain/economics.md, section 3). */
export const PEOPLE_PER_24X7_SEAT = 5;

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
  const hipaaDuty = isCoveredEntityDuty(a);
  if (!hipaaDuty && !a.practiceAccountable) return;
  for (const p of partiesOf(row.accountable, ix)) {
    if (organisation(p) === 'practice') continue;
    if (hipaaDuty)
      emit(
        'covered_entity_duty',
        'error',
        [p.id],
        `"${a.name}" is a duty HIPAA keeps with the practice (the covered entity), but ${p.name} (${p.side}) is Accountable`,
        'The practice designates its security official (45 CFR 164.308(a)(2)) and decides on breach notification (45 CFR 164.404): make practice leadership or the security official Accountable; the MSP can do the work as Responsible or advise as Consulted.',
      );
    else
      emit(
        'accountable_outside_practice',
        'error',
        [p.id],
        `"${a.name}" must stay with the practice, but ${p.name} (${p.side}) is Accountable`,
        'HIPAA keeps the practice accountable for this whoever does the work: make practice leadership or the security official Accountable and the MSP Responsible.',
      );
  }
}

/** A split that only says it has not been decided yet ("TBD", "?", "to be agreed"). */
const UNRESOLVED = /^(?:tbd|tbc|tba|todo|to[ -]do|to be \w+|unknown|unclear|pending|later|n\/?a|none)\b/i;
export function isUnresolvedSplit(split: string): boolean {
  return /^[\p{P}\p{S}\s]*$/u.test(split) || UNRESOLVED.test(split.trim());
}

function checkSplit(a: Activity, row: Assignment, doers: readonly Party[], emit: Emit): void {
  const orgs = new Set(doers.map(organisation));
  if (orgs.size < 2) return;
  if (!row.split)
    emit(
      'overlap_without_split',
      'warning',
      row.responsible,
      `"${a.name}" has Responsible parties in ${orgs.size} organisations and no stated split`,
      'State who does which part (e.g. "internal IT tier 1, MSP tier 2"), or keep one Responsible: otherwise the practice may pay twice or each side may assume the other did it.',
    );
  else if (isUnresolvedSplit(row.split))
    emit(
      'split_unresolved',
      'warning',
      row.responsible,
      `"${a.name}" has Responsible parties in ${orgs.size} organisations and its split is still "${row.split}"`,
      'Agree who does which part before this version is signed: an open split is the overlap the split was meant to settle.',
    );
}

function check24x7(a: Activity, row: Assignment, doers: readonly Party[], ix: Index, emit: Emit): void {
  if (a.coverage !== '24x7' || doers.length === 0) return;
  const night = doers.filter((p) => p.coverage === '24x7');
  if (night.length === 0) {
    emit(
      'coverage_24x7',
      'error',
      row.responsible,
      `"${a.name}" needs 24x7 cover, but ${doers.map((p) => p.name).join(' and ')} work${doers.length === 1 ? 's' : ''} business hours only`,
      'Make a 24x7 party Responsible (an MSP NOC or SOC), or give the internal team an on-call rota and mark it 24x7.',
    );
    return;
  }
  if (night.some((p) => p.kind === 'team' || p.kind === 'vendor')) return;
  // People marked 24x7: the rota is them and the 24x7 people who cover for them.
  const rota = new Set(night);
  for (const p of night)
    for (const c of ix.roster.coveredBy.get(p.id) ?? []) if (c.coverage === '24x7' && c.kind !== 'team') rota.add(c);
  if (rota.size >= PEOPLE_PER_24X7_SEAT) return;
  const names = namesList([...rota].map((p) => p.name));
  emit(
    'rota_24x7',
    'warning',
    night.map((p) => p.id),
    `"${a.name}" needs 24x7 cover, and it rests on ${rota.size === 1 ? `one person, ${names}, who would take every 3 a.m. alert` : `${rota.size} people (${names})`}: a 24x7 rota needs about ${PEOPLE_PER_24X7_SEAT} people per seat`,
    `One seat around the clock is 8,760 hours a year, and a person works about 1,800 of them after leave and training (about ${PEOPLE_PER_24X7_SEAT} FTE per seat): make a 24x7 team (an MSP NOC or SOC) Responsible, or name the rota that covers them.`,
  );
}

function checkDoers(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  const doers = partiesOf(row.responsible, ix);
  checkSplit(a, row, doers, emit);
  check24x7(a, row, doers, ix, emit);
  if (doers.length > 0 && doers.every((p) => p.kind === 'leadership') && isTechnicalWork(a))
    emit(
      'leadership_only_responsible',
      'warning',
      row.responsible,
      `Only practice leadership (${namesList(doers.map((p) => p.name))}) is Responsible for "${a.name}", which is technical work`,
      'Leadership decides and answers for the outcome (Accountable); make internal IT, the MSP or a vendor Responsible for doing the work.',
    );
  if (doers.length === 1 && doers[0]!.kind === 'person' && !(ix.roster.coveredBy.get(doers[0]!.id) ?? []).length)
    emit(
      'key_person',
      'warning',
      [doers[0]!.id],
      `Only ${doers[0]!.name} does "${a.name}", and nobody covers for them`,
      'Name someone who covers for them (a colleague or an MSP team) so the work does not stop when they are away or leave.',
    );
}

/** Parties Responsible or Accountable for work their contract scope leaves out. */
function checkScope(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  const ids = [...new Set([...row.responsible, ...row.accountable])];
  for (const p of partiesOf(ids, ix)) {
    if (!p.scope || p.scope.includes(a.function)) continue;
    const roles = [row.responsible.includes(p.id) && 'Responsible', row.accountable.includes(p.id) && 'Accountable'];
    emit(
      'outside_contract_scope',
      'error',
      [p.id],
      `${p.name} is ${roles.filter(Boolean).join(' and ')} for "${a.name}", which its contract scope does not include (${a.function})`,
      'Add the function to the contract scope, or make a party whose contract includes it Responsible and Accountable.',
    );
  }
}

function checkEscalation(a: Activity, row: Assignment, ix: Index, emit: Emit): void {
  const seen = new Set<string>();
  for (const id of row.escalation) {
    if (seen.has(id) || row.responsible.includes(id)) {
      emit(
        'escalation_loop',
        'error',
        [id],
        `The escalation path of "${a.name}" comes back to ${ix.roster.parties.get(id)?.name ?? id}`,
        'List each party once, after the Responsible one(s), in the order they take over.',
      );
      return;
    }
    seen.add(id);
  }
  const chain = partiesOf(row.escalation, ix);
  if (chain.length === 0) {
    // Leadership is where every path ends: a decision only it can take needs no path above it.
    const leadershipDecides = row.responsible.every((id) => ix.roster.parties.get(id)?.kind === 'leadership');
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
  // At night the path is whoever of it (or their cover) is on duty out of hours: the routing rule.
  else if (
    a.coverage === '24x7' &&
    ix.ordinary.onDuty({ responsible: [], escalation: row.escalation }, { date: '', inHours: false }).chain.length === 0
  )
    emit(
      'escalation_24x7',
      'warning',
      row.escalation,
      `"${a.name}" runs 24x7, but its escalation path (${chain.map((p) => p.name).join(' -> ')}) works business hours only: at night nobody takes over`,
      'Put a 24x7 party (an MSP NOC or SOC, or an on-call manager marked 24x7) in the escalation path, or have a business-hours party in it covered by one.',
    );
}

export function validateMatrix(m: Matrix): Finding[] {
  const ix = indexOf(m);
  const findings: Finding[] = [];
  for (const a of m.activities) {
    const emit: Emit = (...args) => findings.push(activityFinding(a, ...args));
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
    checkScope(a, row, ix, emit);
    checkEscalation(a, row, ix, emit);
  }
  checkAbsences(m, ix, (a, ...args) => findings.push(activityFinding(a, ...args)));
  findings.push(...checkConcentration(m, ix), ...checkSecurityOfficial(m));
  return findings;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
