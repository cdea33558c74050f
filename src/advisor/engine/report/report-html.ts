/**
 * The printable assessment: one self-contained HTML page (inline CSS and SVG, no script, no
 * external request), written by `tandem assess --out` and served by the API for the web app.
 */
import type { Assessment, FunctionAssessment } from '../assessment-schema.ts';
import { OPTIONS } from '../model/function-catalog.ts';
import { escapeHtml, MODEL_LABELS, money, OPTION_LABELS, percent } from '../format.ts';
import { OPTION_TITLES, PARTY_LABELS, PLAN_COLORS, PLAN_LABELS, PLAN_ORDER, SENSITIVITY_SERIES } from './labels.ts';
import { costStackChart, lossExceedanceChart, tornadoChart } from './report-charts.ts';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:960px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1rem;margin:1.4rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #e2e2e2;padding:.3rem .4rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.rec{font-weight:600}.muted{color:#555}.warn{color:#8a3b00}
.key{display:inline-block;width:.7em;height:.7em;margin-right:.4em;print-color-adjust:exact;-webkit-print-color-adjust:exact}.met{color:#006b3c}.unmet{color:#a00}section.fn{break-inside:avoid}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}a{color:inherit}}
`;

function list(items: readonly string[], cls = ''): string {
  return items.length
    ? `<ul${cls ? ` class="${cls}"` : ''}>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
    : '';
}

function functionRow(f: FunctionAssessment): string {
  const cells = OPTIONS.map((o) => {
    const r = f.options.find((x) => x.option === o)!;
    const text = r.infeasibleReason
      ? 'ruled out'
      : `${money(r.riskAdjusted)} (${percent(r.simulated.probabilityCheapest)})`;
    return `<td class="n${o === f.recommended ? ' rec' : ''}">${text}</td>`;
  }).join('');
  return `<tr><td>${escapeHtml(f.name)}</td><td>${escapeHtml(OPTION_TITLES[f.current])}</td><td class="rec">${escapeHtml(OPTION_TITLES[f.recommended])}</td>${cells}</tr>`;
}

function splitTable(f: FunctionAssessment): string {
  const party = PARTY_LABELS;
  const rows = f.split
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name)}</td><td>${party[s.responsible]}</td><td>${party[s.accountable]}</td><td>${s.consulted.map((p) => party[p]).join(', ')}</td><td>${s.informed.map((p) => party[p]).join(', ')}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Activity</th><th>Responsible</th><th>Accountable</th><th>Consulted</th><th>Informed</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function functionSection(f: FunctionAssessment): string {
  const rec = f.options.find((o) => o.option === f.recommended)!;
  const spread = `Simulated risk-adjusted cost: P10 ${money(rec.simulated.riskAdjusted.p10)}, P50 ${money(rec.simulated.riskAdjusted.p50)}, P90 ${money(rec.simulated.riskAdjusted.p90)} a year.`;
  const tornado = f.sensitivity.length
    ? `<figure>${tornadoChart(f.sensitivity, f.margin ?? 0, `What moves the ${f.name} decision`)}<figcaption>Lead of ${escapeHtml(OPTION_LABELS[f.recommended])} over the next best option with each input at its 10th (${SENSITIVITY_SERIES.low.colorName}) and 90th (${SENSITIVITY_SERIES.high.colorName}) percentile; left of the dashed line the decision flips.</figcaption></figure>`
    : '';
  return `<section class="fn"><h3>${escapeHtml(f.name)}: ${escapeHtml(OPTION_TITLES[f.recommended])}</h3>${list(f.rationale)}${list(
    f.warnings.map((w) => `Warning: ${w.text}`),
    'warn',
  )}<p class="muted">${escapeHtml(spread)}${f.breakEven ? ` ${escapeHtml(f.breakEven.text)}` : ''}</p>${tornado}<p class="muted">Draft split of responsibilities:</p>${splitTable(f)}</section>`;
}

function stakeholderSection(a: Assessment): string {
  if (a.stakeholders.length === 0) return '';
  const names = new Map(a.functions.map((f) => [f.id, f.name]));
  const rows = a.stakeholders
    .map((s) => {
      const differs = s.differs
        .map((id) => `${names.get(id) ?? id}: ${OPTION_TITLES[s.decisions[id] ?? 'none']}`)
        .join('; ');
      return `<tr><td>${escapeHtml(s.name)}${s.role ? ` <span class="muted">(${escapeHtml(s.role)})</span>` : ''}</td><td class="n">${percent(s.weights.cost)} / ${percent(s.weights.control)} / ${percent(s.weights.vendorDependency)}</td><td>${escapeHtml(MODEL_LABELS[s.overallModel])}</td><td>${escapeHtml(differs || 'agrees with the recommendation')}</td></tr>`;
    })
    .join('');
  return `<h2>Stakeholders</h2><table><thead><tr><th>Person</th><th class="n">Cost / control / independence</th><th>Overall</th><th>Where their view differs</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Plan totals, as the web page's "Plans compared" table: same rows, order, labels and colour keys. */
function planTable(a: Assessment): string {
  const rows = PLAN_ORDER.flatMap((id) => a.plans.filter((p) => p.id === id))
    .map(
      (p) =>
        `<tr><th scope="row"><span class="key" style="background:${PLAN_COLORS[p.id]}"></span>${escapeHtml(PLAN_LABELS[p.id])}</th><td class="n">${money(p.cost)}</td><td class="n">${money(p.loss)}</td><td class="n">${money(p.riskAdjusted)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Plan</th><th class="n">Cost / yr</th><th class="n">Expected losses / yr</th><th class="n">Risk-adjusted / yr</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export interface ReportNames {
  /**
   * The practice the report is for: the API passes the practice's own name; the CLI, which has
   * no practice record, the profile's name (the examples set it to the practice's name).
   */
  practiceName?: string | null;
  /** The run's own name when it was given one ("Riverside with 24 users"). */
  runName?: string | null;
}

export function renderReportHtml(a: Assessment, names: ReportNames = {}): string {
  const practice = names.practiceName ?? a.name;
  const title = `IT sourcing assessment${practice ? `: ${practice}` : ''}`;
  const run = names.runName && names.runName !== practice ? `${escapeHtml(names.runName)}. ` : '';
  const conditions = a.overall.conditions
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.label)}</td><td class="${c.met ? 'met' : 'unmet'}">${c.met ? 'met' : 'not met'}</td><td>${escapeHtml(c.detail)}</td></tr>`,
    )
    .join('');
  const header = `<tr><th>Function</th><th>${PLAN_LABELS.current}</th><th>${PLAN_LABELS.recommended}</th>${OPTIONS.map((o) => `<th class="n">${OPTION_TITLES[o]}</th>`).join('')}</tr>`;
  const questions = a.questions
    .map((q) => `<li><strong>${escapeHtml(q.question)}</strong> <span class="muted">${escapeHtml(q.why)}</span></li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${run}${a.asOf ? `As of ${escapeHtml(a.asOf)}. ` : ''}${a.horizonYears}-year horizon; ${a.iterations.toLocaleString('en-US')} simulated years, seed ${a.seed}. Figures are dollars a year; one-time costs are spread over the horizon.${a.overridden.length ? ` Defaults overridden: ${escapeHtml(a.overridden.join(', '))}.` : ''}</p>
<h2>Recommendation: ${escapeHtml(a.overall.label)}</h2>${list(a.overall.rationale)}
<table><thead><tr><th>Condition for insourcing</th><th>Status</th><th>Why</th></tr></thead><tbody>${conditions}</tbody></table>
<h2>Function by function</h2><p class="muted">Expected yearly cost including risk; in brackets the share of simulated years in which the option is cheapest.</p>
<table><thead>${header}</thead><tbody>${a.functions.map(functionRow).join('')}</tbody></table>
<h2>Cost and risk of whole plans</h2>${planTable(a)}<figure>${costStackChart(a.plans)}<figcaption>Expected yearly spending by component, with expected loss from incidents on top.</figcaption></figure>
<figure>${lossExceedanceChart(a.plans)}<figcaption>Chance that a year's losses exceed an amount, per plan.</figcaption></figure>
${stakeholderSection(a)}
${questions ? `<h2>Questions the profile leaves open</h2><ul>${questions}</ul>` : ''}
<h2>Details</h2>${a.functions.map(functionSection).join('\n')}
<p class="muted">Produced by Tandem's sourcing advisor (engine version ${a.engineVersion}). The model, its equations, sources and limits: docs/sourcing-model.md.</p>
</body></html>
`;
}
