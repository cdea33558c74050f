/**
 * The matrix as a printable HTML responsibility schedule, to attach to a management agreement:
 * self-contained (inline CSS, no script), one table per function, findings at the end.
 */
import { escapeHtml } from '../sourcing/format.ts';
import { functionSpec } from '../sourcing/function-catalog.ts';
import type { Finding, Matrix } from './schema.ts';

const STYLE = `body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e2e2e2;padding:.25rem .4rem;text-align:left;vertical-align:top}.error{color:#a00}.warning{color:#8a3b00}
.muted{color:#555}section{break-inside:avoid}@media print{body{margin:0;max-width:none}}`;

export function matrixToHtml(m: Matrix, findings: readonly Finding[], title = 'Responsibility schedule'): string {
  const name = new Map(m.parties.map((p) => [p.id, p.name]));
  const names = (ids: readonly string[]) => escapeHtml(ids.map((id) => name.get(id) ?? id).join(', '));
  const rows = new Map(m.assignments.map((a) => [a.activity, a]));
  const parties = m.parties
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.name)}${p.securityOfficial ? ' <span class="muted">(HIPAA security official)</span>' : ''}</td><td>${p.side.replace('_', ' ')}</td><td>${p.kind}</td><td>${p.coverage}</td><td>${names(p.covers)}</td><td>${p.scope ? escapeHtml(p.scope.map((f) => functionSpec(f).name).join(', ')) : ''}</td></tr>`,
    )
    .join('');
  const sections = [...new Set(m.activities.map((a) => a.function))]
    .map((f) => {
      const body = m.activities
        .filter((a) => a.function === f)
        .map((a) => {
          const r = rows.get(a.id);
          const split = r?.split ? `<br><span class="muted">${escapeHtml(r.split)}</span>` : '';
          return `<tr><td>${escapeHtml(a.name)}</td><td>${a.coverage}</td><td>${a.sla}</td><td>${names(r?.responsible ?? [])}${split}</td><td>${names(r?.accountable ?? [])}</td><td>${names(r?.consulted ?? [])}</td><td>${names(r?.informed ?? [])}</td><td>${names(r?.escalation ?? [])}</td></tr>`;
        })
        .join('');
      return `<section><h2>${escapeHtml(functionSpec(f).name)}</h2><table><thead><tr><th>Activity</th><th>Cover</th><th>SLA</th><th>Responsible</th><th>Accountable</th><th>Consulted</th><th>Informed</th><th>Escalation</th></tr></thead><tbody>${body}</tbody></table></section>`;
    })
    .join('\n');
  const absences = m.absences.length
    ? `<h2>Planned absences</h2><ul>${m.absences.map((a) => `<li>${escapeHtml(name.get(a.party) ?? a.party)}: ${a.from} to ${a.to}${a.note ? ` (${escapeHtml(a.note)})` : ''}</li>`).join('')}</ul>`
    : '';
  const found = findings.length
    ? `<h2>Findings</h2><ul>${findings.map((f) => `<li class="${f.severity}"><strong>${f.severity}</strong>: ${escapeHtml(f.message)}. <span class="muted">${escapeHtml(f.hint)}</span></li>`).join('')}</ul>`
    : '<p class="muted">No findings: every activity has one Accountable party, a Responsible party that can cover it and a working escalation path.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1><p class="muted">Business hours ${m.hours.start}-${m.hours.end} (ISO weekdays ${m.hours.days.join(', ')}), ${escapeHtml(m.hours.timeZone)}. R: does the work; A: answers for it (exactly one); C: consulted before; I: informed after.</p>
<h2>Parties</h2><table><thead><tr><th>Party</th><th>Side</th><th>Kind</th><th>Cover</th><th>Covers for</th><th>Contract scope</th></tr></thead><tbody>${parties}</tbody></table>
${sections}
${absences}
${found}
</body></html>
`;
}
