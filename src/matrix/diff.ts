/**
 * A readable difference between two matrices (issue 5, point 3): what was added, removed or
 * changed, field by field, with one plain line per change, such as
 * `Patch workstations: Responsible MSP NOC -> Internal IT`. Parties are shown by name.
 */
import type { Matrix } from './schema.ts';
import type { Change } from './version-schema.ts';

type Fields = Record<string, string>;
type Keyed = Map<string, { label: string; fields: Fields }>;

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function partyNamer(from: Matrix, to: Matrix): (ids: readonly string[]) => string {
  const names = new Map([...from.parties, ...to.parties].map((p) => [p.id, p.name]));
  return (ids) => (ids.length === 0 ? '(none)' : ids.map((id) => names.get(id) ?? id).join(', '));
}

function keyed(m: Matrix, names: (ids: readonly string[]) => string) {
  const activityName = new Map(m.activities.map((a) => [a.id, a.name]));
  const hours: Keyed = new Map([
    [
      '',
      {
        label: 'Business hours',
        fields: {
          'time zone': m.hours.timeZone,
          days: m.hours.days.join(', '),
          hours: `${m.hours.start}-${m.hours.end}`,
        },
      },
    ],
  ]);
  const party: Keyed = new Map(
    m.parties.map((p) => [
      p.id,
      {
        label: p.name,
        fields: {
          name: p.name,
          side: p.side,
          kind: p.kind,
          coverage: p.coverage,
          role: p.role ?? '',
          covers: names(p.covers),
          'security official': yesNo(p.securityOfficial),
          'contract scope': p.scope ? p.scope.join(', ') || '(none)' : 'not stated',
        },
      },
    ]),
  );
  const activity: Keyed = new Map(
    m.activities.map((a) => [
      a.id,
      {
        label: a.name,
        fields: {
          name: a.name,
          function: a.function,
          coverage: a.coverage,
          SLA: a.sla,
          'practice accountable': yesNo(a.practiceAccountable),
        },
      },
    ]),
  );
  const assignment: Keyed = new Map(
    m.assignments.map((r) => [
      r.activity,
      {
        label: activityName.get(r.activity) ?? r.activity,
        fields: {
          Responsible: names(r.responsible),
          Accountable: names(r.accountable),
          Consulted: names(r.consulted),
          Informed: names(r.informed),
          Escalation: r.escalation.length === 0 ? '(none)' : names(r.escalation).replaceAll(', ', ' -> '),
          split: r.split ?? '',
        },
      },
    ]),
  );
  const absence: Keyed = new Map(
    m.absences.map((a) => [
      `${a.party} ${a.from}..${a.to}`,
      { label: `${names([a.party])} away ${a.from} to ${a.to}`, fields: { note: a.note ?? '' } },
    ]),
  );
  return { hours, party, activity, assignment, absence } satisfies Record<Change['kind'], Keyed>;
}

const NOUN: Record<Change['kind'], string> = {
  hours: 'business hours',
  party: 'party',
  activity: 'activity',
  assignment: 'assignment',
  absence: 'absence',
};

function diffKind(kind: Change['kind'], before: Keyed, after: Keyed): Change[] {
  const changes: Change[] = [];
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) {
      changes.push({ kind, id, change: 'added', fields: [], summary: `Added ${NOUN[kind]} "${a.label}"` });
      continue;
    }
    const fields = Object.keys({ ...b.fields, ...a.fields })
      .filter((f) => (b.fields[f] ?? '') !== (a.fields[f] ?? ''))
      .map((field) => ({ field, before: b.fields[field] ?? '', after: a.fields[field] ?? '' }));
    if (fields.length > 0) {
      const said = fields.map((f) => `${f.field} ${f.before || '(none)'} -> ${f.after || '(none)'}`).join('; ');
      changes.push({ kind, id, change: 'changed', fields, summary: `${a.label}: ${said}` });
    }
  }
  for (const [id, b] of before)
    if (!after.has(id))
      changes.push({ kind, id, change: 'removed', fields: [], summary: `Removed ${NOUN[kind]} "${b.label}"` });
  return changes;
}

/** Changes from `from` to `to`, grouped by kind in a fixed order, each group in the order of `to`. */
export function diffMatrices(from: Matrix, to: Matrix): Change[] {
  const names = partyNamer(from, to);
  const before = keyed(from, names);
  const after = keyed(to, names);
  return (['hours', 'party', 'activity', 'assignment', 'absence'] as const).flatMap((kind) =>
    diffKind(kind, before[kind], after[kind]),
  );
}
