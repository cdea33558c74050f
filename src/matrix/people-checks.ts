/**
 * Findings about people rather than one activity (issue 15, gaps): the HIPAA security official,
 * and work concentrated on one person.
 */
import { namesList, organisation, partiesOf, type Index } from './check-support.ts';
import type { Activity, Finding, Matrix, Party } from './schema.ts';

/** Activities resting on one person from which that is one finding for the person, not only one per activity. */
export const CONCENTRATION_THRESHOLD = 5;

/**
 * Exactly one security official, on the practice's side (45 CFR 164.308(a)(2): the covered entity
 * identifies one security official). The finding points at the catalog's activity of designating
 * one when the matrix has it, else at the whole matrix (activity "").
 */
export function checkSecurityOfficial(m: Matrix): Finding[] {
  const officials = m.parties.filter((p) => p.securityOfficial);
  const activity = m.activities.some((a) => a.id === 'security_official') ? 'security_official' : '';
  const at = (parties: readonly Party[]) =>
    parties.length ? parties.map((p) => ({ activity, party: p.id })) : activity ? [{ activity, party: null }] : [];
  const out: Finding[] = [];
  const outside = officials.filter((p) => organisation(p) !== 'practice');
  if (outside.length)
    out.push({
      rule: 'security_official',
      severity: 'error',
      activity,
      cells: at(outside),
      message: `${namesList(outside.map((p) => `${p.name} (${p.side})`))} ${outside.length === 1 ? 'is' : 'are'} marked as the HIPAA security official, but that duty stays with the practice`,
      hint: 'Designate someone on the practice side (leadership or an internal IT lead) as security official; the MSP can support them as Responsible or Consulted for the work.',
    });
  if (officials.length === 0)
    out.push({
      rule: 'security_official',
      severity: 'warning',
      activity,
      cells: at([]),
      message: 'Nobody is marked as the HIPAA security official',
      hint: 'HIPAA requires one designated security official (45 CFR 164.308(a)(2)): mark one person or leadership on the practice side.',
    });
  else if (officials.length > 1)
    out.push({
      rule: 'security_official',
      severity: 'warning',
      activity,
      cells: at(officials),
      message: `${officials.length} parties are marked as the HIPAA security official (${namesList(officials.map((p) => p.name))})`,
      hint: 'Name exactly one security official; others who help can be Responsible or Consulted for the security activities.',
    });
  return out;
}

/**
 * One finding per person who alone does at least CONCENTRATION_THRESHOLD activities: how many,
 * and which of them are critical. An error when critical work rests on a person nobody covers
 * (one absence stops it), a warning otherwise.
 */
export function checkConcentration(m: Matrix, ix: Index): Finding[] {
  const alone = new Map<Party, Activity[]>();
  for (const a of m.activities) {
    const row = ix.assignments.get(a.id);
    const doers = row ? partiesOf(row.responsible, ix) : [];
    const p = doers[0];
    if (doers.length !== 1 || !p || p.kind !== 'person') continue;
    const list = alone.get(p);
    if (list) list.push(a);
    else alone.set(p, [a]);
  }
  const out: Finding[] = [];
  for (const [p, activities] of alone) {
    if (activities.length < CONCENTRATION_THRESHOLD) continue;
    const critical = activities.filter((a) => a.sla === 'critical');
    const covered = (ix.roster.coveredBy.get(p.id) ?? []).length > 0;
    out.push({
      rule: 'concentration',
      severity: critical.length > 0 && !covered ? 'error' : 'warning',
      activity: (critical[0] ?? activities[0]!).id,
      cells: [...critical, ...activities.filter((a) => a.sla !== 'critical')].map((a) => ({
        activity: a.id,
        party: p.id,
      })),
      message: `${p.name} alone does ${activities.length} activities${
        critical.length
          ? `, ${critical.length} of them critical (${namesList(critical.map((a) => `"${a.name}"`))})`
          : ''
      }${covered ? '' : ', and nobody covers for them'}`,
      hint: 'Spread the work (a colleague or the MSP as Responsible for some of it) and name who covers for them, so one absence or resignation does not stop all of it at once.',
    });
  }
  return out;
}
