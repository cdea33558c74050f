/**
 * The matrix as a printable HTML responsibility schedule, fit to attach to a management agreement
 * (issue 15): the parties to the agreement, the version, when it came into force and who agreed
 * to it when (from the version's lifecycle), business hours in words in the practice's zone, one
 * table per function, a findings summary, and signature blocks; page numbers when printed.
 * Self-contained: inline CSS, no script.
 */
import { escapeHtml } from '../advisor/engine/format.ts';
import { functionSpec } from '../advisor/engine/model/function-catalog.ts';
import { hoursInWords, momentInZone } from './hours-words.ts';
import type { AgreementSide, VersionSummary } from './version-schema.ts';
import type { Finding, Matrix } from './schema.ts';

export interface ScheduleContext {
  title?: string;
  /** The practice and the MSP as the agreement names them; left blank to fill in by hand when unknown. */
  practiceName?: string | null;
  mspName?: string | null;
  /** The stored version; a schedule exported from a spreadsheet has none. */
  version?: VersionSummary;
}

const BLANK = '<span class="blank"></span>';

/** A CSS string literal safe inside a style element: everything but plain text is escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[^A-Za-z0-9 ,.()-]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

function style(footer: string): string {
  return `body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e2e2e2;padding:.25rem .4rem;text-align:left;vertical-align:top}.error{color:#a00}.warning{color:#8a3b00}
.muted{color:#555}section{break-inside:avoid}dl.details{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.blank{display:inline-block;min-width:16rem;border-bottom:1px solid #1a1a1a}.signatures{display:grid;grid-template-columns:1fr 1fr;gap:2rem;break-inside:avoid}
.signature p{margin:1.4rem 0 0}
@page{size:A4 landscape;margin:16mm 14mm 18mm;@bottom-left{content:${cssString(footer)};font-size:9px;color:#555}@bottom-right{content:"Page " counter(page) " of " counter(pages);font-size:9px;color:#555}}
@media print{body{margin:0;max-width:none}a{color:inherit}}`;
}

const SIDE_LABEL: Record<AgreementSide, string> = { practice: 'practice', msp: 'MSP' };

function details(m: Matrix, c: ScheduleContext, practice: string, msp: string): string {
  const v = c.version;
  const zone = m.hours.timeZone;
  const at = (iso: string | null | undefined) => (iso ? escapeHtml(momentInZone(iso, zone)) : null);
  const signed = (side: AgreementSide) => {
    const s = v?.agreements[side];
    return s ? `${escapeHtml(s.by?.displayName ?? 'an integration')}, ${at(s.at)}` : 'not yet';
  };
  const rows: [string, string][] = [
    ['Practice', practice],
    ['Managed service provider', msp],
    ['Version', v ? `${v.number} (${v.status})` : BLANK],
    ['In force from', v ? (at(v.agreedAt) ?? 'not yet in force') : BLANK],
    ...(v?.supersededAt ? ([['Superseded', at(v.supersededAt)!]] as [string, string][]) : []),
    ['Business hours', escapeHtml(hoursInWords(m.hours))],
  ];
  if (v) {
    rows.push([
      'Proposed',
      v.proposed ? `by ${escapeHtml(v.proposed.by?.displayName ?? 'an integration')}, ${at(v.proposed.at)}` : 'not yet',
    ]);
    for (const side of v.requiredSides) rows.push([`Agreed for the ${SIDE_LABEL[side]}`, signed(side)]);
  }
  return `<dl class="details">${rows.map(([k, val]) => `<dt>${k}</dt><dd>${val}</dd>`).join('')}</dl>`;
}

function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0)
    return '<h2>Findings</h2><p class="muted">No findings: every activity has one Accountable party, a Responsible party that can cover it and a working escalation path.</p>';
  const errors = findings.filter((f) => f.severity === 'error').length;
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const counts = [...byRule].map(([rule, n]) => `${rule.replaceAll('_', ' ')}: ${n}`).join('; ');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `<h2>Findings</h2><p><strong>${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}</strong> <span class="muted">(${escapeHtml(counts)})</span></p>
<ul>${findings.map((f) => `<li class="${f.severity}"><strong>${f.severity}</strong>: ${escapeHtml(f.message)}. <span class="muted">${escapeHtml(f.hint)}</span></li>`).join('')}</ul>`;
}

function signatureBlock(forWhom: string): string {
  const line = (label: string) => `<p>${label}: ${BLANK}</p>`;
  return `<div class="signature"><strong>For ${forWhom}</strong>${line('Name')}${line('Title')}${line('Signature')}${line('Date')}</div>`;
}

export function matrixToHtml(m: Matrix, findings: readonly Finding[], context: ScheduleContext = {}): string {
  const title = context.title ?? 'Responsibility schedule';
  const practice = context.practiceName ? escapeHtml(context.practiceName) : BLANK;
  const hasMsp = m.parties.some((p) => p.side === 'msp');
  const msp = context.mspName ? escapeHtml(context.mspName) : hasMsp ? BLANK : 'none (the practice runs its own IT)';
  const name = new Map(m.parties.map((p) => [p.id, p.name]));
  const names = (ids: readonly string[]) => escapeHtml(ids.map((id) => name.get(id) ?? id).join(', '));
  const rows = new Map(m.assignments.map((a) => [a.activity, a]));
  const parties = m.parties
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.name)}${p.securityOfficial ? ' <span class="muted">(HIPAA security official)</span>' : ''}</td><td>${p.side.replace('_', ' ')}</td><td>${p.kind}</td><td>${p.coverage === '24x7' ? '24x7' : 'business hours'}</td><td>${names(p.covers)}</td><td>${p.scope ? escapeHtml(p.scope.map((f) => functionSpec(f).name).join(', ')) : ''}</td></tr>`,
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
  const footer = [context.practiceName, title].filter(Boolean).join(': ');
  const signatures = [
    signatureBlock(`the practice, ${practice}`),
    ...(hasMsp ? [signatureBlock(`the managed service provider, ${msp}`)] : []),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style(footer)}</style></head><body>
<h1>${escapeHtml(title)}</h1><p class="muted">Schedule of responsibilities to the IT services agreement between the parties below. R: does the work; A: answers for it (exactly one); C: consulted before; I: informed after. Business-hours parties work ${escapeHtml(hoursInWords(m.hours))}; 24x7 parties at any hour.</p>
${details(m, context, practice, msp)}
<h2>Parties</h2><table><thead><tr><th>Party</th><th>Side</th><th>Kind</th><th>Cover</th><th>Covers for</th><th>Contract scope</th></tr></thead><tbody>${parties}</tbody></table>
${sections}
${absences}
${findingsSummary(findings)}
<h2>Signatures</h2><p class="muted">Signed for each party as agreeing to this schedule${context.version ? `, version ${context.version.number}` : ''}.</p><div class="signatures">${signatures.join('')}</div>
</body></html>
`;
}
