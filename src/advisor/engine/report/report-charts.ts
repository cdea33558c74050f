/**
 * Inline SVG charts for the printable report: no script, no external file, so the page reads
 * the same printed, mailed or opened years later. Each chart carries a title and a description
 * for screen readers.
 */
import type { PlanResult, SensitivityRow } from '../assessment-schema.ts';
import { COST_COMPONENTS } from '../model/cost-model.ts';
import { escapeHtml, money } from '../format.ts';
import {
  COMPONENT_COLORS,
  COMPONENT_LABELS,
  EXPECTED_LOSS_COLOR,
  EXPECTED_LOSS_LABEL,
  PLAN_COLORS,
  PLAN_LABELS,
  PLAN_ORDER,
  SENSITIVITY_SERIES,
} from './labels.ts';

function svgOpen(width: number, height: number, title: string, desc: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img"><title>${escapeHtml(title)}</title><desc>${escapeHtml(desc)}</desc>`;
}

function compact(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e6) return `$${(x / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(x / 1e3).toFixed(0)}k`;
  return `$${x.toFixed(0)}`;
}

function legend(items: { label: string; color: string }[], x: number, y: number): string {
  return items
    .map((it, i) => {
      const cx = x + (i % 4) * 140;
      const cy = y + Math.floor(i / 4) * 16;
      return `<rect x="${cx}" y="${cy - 9}" width="10" height="10" fill="${it.color}"/><text x="${cx + 14}" y="${cy}" font-size="11">${escapeHtml(it.label)}</text>`;
    })
    .join('');
}

/** The plans in the web page's order (labels.ts), so the printed charts read like the screen's. */
function inPlanOrder(plans: readonly PlanResult[]): PlanResult[] {
  return PLAN_ORDER.flatMap((id) => plans.filter((p) => p.id === id));
}

type Series = (typeof COST_COMPONENTS)[number] | 'expected_loss';
const seriesLabel = (s: Series) => (s === 'expected_loss' ? EXPECTED_LOSS_LABEL : COMPONENT_LABELS[s]);
const seriesColor = (s: Series) => (s === 'expected_loss' ? EXPECTED_LOSS_COLOR : COMPONENT_COLORS[s]);

/** Yearly cost of each plan stacked by component, with expected loss on top; labels and colours as on the web page. */
export function costStackChart(unordered: readonly PlanResult[]): string {
  const plans = inPlanOrder(unordered);
  const series: Series[] = [...COST_COMPONENTS.filter((c) => plans.some((p) => p.components[c] > 0)), 'expected_loss'];
  const value = (p: PlanResult, s: (typeof series)[number]) => (s === 'expected_loss' ? p.loss : p.components[s]);
  const max = Math.max(1, ...plans.map((p) => p.riskAdjusted));
  const W = 700;
  const left = 120;
  const barH = 26;
  const top = 10;
  const H = top + plans.length * (barH + 10) + 20 + Math.ceil(series.length / 4) * 16 + 10;
  const scale = (W - left - 70) / max;
  const bars = plans
    .map((p, i) => {
      const name = PLAN_LABELS[p.id];
      let x = left;
      const y = top + i * (barH + 10);
      const parts = series
        .map((s) => {
          const w = value(p, s) * scale;
          const rect =
            w > 0
              ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${seriesColor(s)}"><title>${escapeHtml(`${name}: ${seriesLabel(s)} ${money(value(p, s))}`)}</title></rect>`
              : '';
          x += w;
          return rect;
        })
        .join('');
      return `<text x="${left - 6}" y="${y + 17}" font-size="12" text-anchor="end">${escapeHtml(name)}</text>${parts}<text x="${(x + 4).toFixed(1)}" y="${y + 17}" font-size="11">${compact(p.riskAdjusted)}</text>`;
    })
    .join('');
  const items = series.map((s) => ({ label: seriesLabel(s), color: seriesColor(s) }));
  const desc = plans
    .map((p) => `${PLAN_LABELS[p.id]}: ${money(p.cost)} spending plus ${money(p.loss)} expected loss`)
    .join('; ');
  return `${svgOpen(W, H, 'Yearly cost by plan, stacked by component', desc)}${bars}${legend(items, 20, top + plans.length * (barH + 10) + 16)}</svg>`;
}

/** Chance that the yearly loss exceeds each amount, one line per plan (coloured as on the web page), loss on a log axis. */
export function lossExceedanceChart(unordered: readonly PlanResult[]): string {
  const plans = inPlanOrder(unordered);
  const W = 700;
  const m = { l: 60, r: 20, t: 10, b: 50 + Math.ceil(plans.length / 4) * 16 };
  const H = 250 + m.b;
  const points = plans.flatMap((p) => p.simulated.lossExceedance);
  const lo = Math.max(1, Math.min(...points.map((q) => q.loss)));
  const hi = Math.max(lo * 10, ...points.map((q) => q.loss));
  const x = (loss: number) =>
    m.l + ((Math.log10(Math.max(loss, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (W - m.l - m.r);
  const y = (p: number) => m.t + (1 - p) * (H - m.t - m.b);
  const lines = plans
    .map(
      (p) =>
        `<polyline fill="none" stroke="${PLAN_COLORS[p.id]}" stroke-width="2" points="${p.simulated.lossExceedance.map((q) => `${x(q.loss).toFixed(1)},${y(q.probability).toFixed(1)}`).join(' ')}"/>`,
    )
    .join('');
  const xTicks: string[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.log10(hi); e++)
    xTicks.push(
      `<line x1="${x(10 ** e)}" x2="${x(10 ** e)}" y1="${m.t}" y2="${H - m.b}" stroke="#ddd"/><text x="${x(10 ** e)}" y="${H - m.b + 14}" font-size="11" text-anchor="middle">${compact(10 ** e)}</text>`,
    );
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (p) =>
      `<line x1="${m.l}" x2="${W - m.r}" y1="${y(p)}" y2="${y(p)}" stroke="#eee"/><text x="${m.l - 6}" y="${y(p) + 4}" font-size="11" text-anchor="end">${p * 100}%</text>`,
  );
  const desc = plans
    .map((p) => `${PLAN_LABELS[p.id]}: loss exceeds ${money(p.simulated.loss.p90)} in one year out of ten`)
    .join('; ');
  const items = plans.map((p) => ({ label: PLAN_LABELS[p.id], color: PLAN_COLORS[p.id] }));
  return `${svgOpen(W, H, 'Loss exceedance: chance the yearly loss exceeds an amount', desc)}${xTicks.join('')}${yTicks.join('')}${lines}<text x="${(m.l + W - m.r) / 2}" y="${H - m.b + 30}" font-size="11" text-anchor="middle">yearly loss (log scale)</text>${legend(items, m.l, H - m.b + 50)}</svg>`;
}

/** Margin of the recommended option with each input at its 10th and 90th percentile; left of zero flips. */
export function tornadoChart(rows: readonly SensitivityRow[], baseMargin: number, title: string): string {
  const W = 700;
  const left = 300;
  const rowH = 22;
  const H = 20 + rows.length * rowH + 24;
  const values = rows.flatMap((r) => [r.marginLow, r.marginHigh, baseMargin, 0]);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = Math.max(1, max - min);
  const x = (v: number) => left + ((v - min) / span) * (W - left - 20);
  const bars = rows
    .map((r, i) => {
      const y = 10 + i * rowH;
      const bar = (v: number, color: string, label: string) => {
        const a = Math.min(x(v), x(baseMargin));
        const w = Math.max(1, Math.abs(x(v) - x(baseMargin)));
        return `<rect x="${a.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}"><title>${escapeHtml(`${r.label} at ${label}: margin ${money(v)}`)}</title></rect>`;
      };
      return `<text x="${left - 6}" y="${y + 12}" font-size="11" text-anchor="end">${escapeHtml(r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label)}</text>${bar(r.marginLow, SENSITIVITY_SERIES.low.color, '10th percentile')}${bar(r.marginHigh, SENSITIVITY_SERIES.high.color, '90th percentile')}`;
    })
    .join('');
  const zero = `<line x1="${x(0)}" x2="${x(0)}" y1="6" y2="${H - 20}" stroke="#B22222" stroke-dasharray="4 3"/><text x="${x(0)}" y="${H - 6}" font-size="10" text-anchor="middle">flips</text>`;
  const desc = rows
    .map(
      (r) =>
        `${r.label}: margin ${money(r.marginLow)} to ${money(r.marginHigh)}${r.flipsLow || r.flipsHigh ? ' (flips)' : ''}`,
    )
    .join('; ');
  return `${svgOpen(W, H, title, desc)}<line x1="${x(baseMargin)}" x2="${x(baseMargin)}" y1="6" y2="${H - 20}" stroke="#333"/>${bars}${zero}</svg>`;
}
