/** The matrix as a Markdown responsibility schedule: parties, then one table per function. */
import { functionSpec } from '../advisor/engine/model/function-catalog.ts';
import type { Finding, Matrix } from './schema.ts';

/**
 * Text from the matrix as Markdown text: HTML is escaped (a name holding `<script>` must not
 * become a script where the schedule is rendered), as are the characters that would start a
 * link, emphasis or code, and line breaks become spaces.
 */
function text(value: string): string {
  return value
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]]/g, '\\$&')
    .replace(/\r?\n|\r/g, ' ');
}

/** The same inside a table cell, where a pipe would end the cell. */
const cell = (value: string) => text(value).replaceAll('|', '\\|');

export function matrixToMarkdown(m: Matrix, findings: readonly Finding[] = []): string {
  const name = new Map(m.parties.map((p) => [p.id, p.name]));
  const names = (ids: readonly string[]) => ids.map((id) => name.get(id) ?? id).join(', ');
  const rows = new Map(m.assignments.map((a) => [a.activity, a]));
  const out = [
    '# Responsibility schedule',
    '',
    `Business hours: ${m.hours.start}-${m.hours.end}, days ${m.hours.days.join(', ')} (ISO weekdays), ${m.hours.timeZone}.`,
    '',
    '## Parties',
    '',
  ];
  out.push('| Party | Side | Kind | Cover | Covers for | Contract scope |', '|---|---|---|---|---|---|');
  for (const p of m.parties)
    out.push(
      `| ${cell(p.name)}${p.securityOfficial ? ' (security official)' : ''} | ${p.side} | ${p.kind} | ${p.coverage} | ${cell(names(p.covers))} | ${p.scope ? p.scope.join(', ') : ''} |`,
    );
  const functions = [...new Set(m.activities.map((a) => a.function))];
  for (const f of functions) {
    out.push(
      '',
      `## ${functionSpec(f).name}`,
      '',
      '| Activity | Cover | SLA | Responsible | Accountable | Consulted | Informed | Escalation |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const a of m.activities.filter((x) => x.function === f)) {
      const r = rows.get(a.id);
      out.push(
        `| ${cell(a.name)} | ${a.coverage} | ${a.sla} | ${cell(names(r?.responsible ?? []))}${r?.split ? ` (${cell(r.split)})` : ''} | ${cell(names(r?.accountable ?? []))} | ${cell(names(r?.consulted ?? []))} | ${cell(names(r?.informed ?? []))} | ${cell(names(r?.escalation ?? []))} |`,
      );
    }
  }
  if (m.absences.length) {
    out.push('', '## Planned absences', '');
    for (const ab of m.absences)
      out.push(
        `- ${text(name.get(ab.party) ?? ab.party)}: ${ab.from} to ${ab.to}${ab.note ? ` (${text(ab.note)})` : ''}`,
      );
  }
  if (findings.length) {
    out.push('', '## Findings', '');
    for (const f of findings) out.push(`- **${f.severity}** (${f.rule}) ${text(f.message)}. ${text(f.hint)}`);
  }
  return `${out.join('\n')}\n`;
}
