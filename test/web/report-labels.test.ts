/**
 * The printable report and the web page say and colour the same assessment alike (issue 14.9):
 * the report printed "Today" where the page said "Current" and used another palette. Both now read
 * src/advisor/engine/report/labels.ts; these tests read what the report actually prints and compare it with the
 * web's labels module for the same assessment, and check the report's title names the practice.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/advisor/engine/assess.ts';
import { COST_COMPONENTS } from '../../src/advisor/engine/model/cost-model.ts';
import { renderReportHtml } from '../../src/advisor/engine/report/report-html.ts';
import {
  componentColors,
  componentLabels,
  optionLabels,
  planColors,
  planLabels,
  planOrder,
} from '../../web/src/advisor/labels.ts';
import { loadExample } from '../advisor/engine/fixtures.ts';

const profile = loadExample('group-40-co-managed.yaml');
const assessment = assess(profile, { seed: 3, iterations: 2_000 });
const html = renderReportHtml(assessment, { practiceName: 'Valley Medical Partners LLC', runName: 'With MFA' });

const text = (cell: string) => cell.replace(/<[^>]+>/g, '').trim();

/** The rows of the report table whose header row starts with the given column name. */
function tableRows(firstHeader: string): string[][] {
  const table = new RegExp(`<table><thead><tr><th>${firstHeader}</th>.*?</table>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tbody>(.*?)<\/tbody>/g)]
    .flatMap((m) => m[1]!.split('</tr>'))
    .filter((row) => row.includes('<td'))
    .map((row) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]!));
}

describe('the printable report and the web page', () => {
  it('list the plans in the same order with the same words and colours', () => {
    const rows = tableRows('Plan');
    const shown = planOrder.filter((id) => assessment.plans.some((p) => p.id === id));
    expect(rows.map((r) => text(r[0]!))).toEqual(shown.map((id) => planLabels[id]));
    expect(rows.map((r) => /background:(#[0-9a-f]{6})/.exec(r[0]!)?.[1])).toEqual(shown.map((id) => planColors[id]));
    expect(planLabels.current).toBe('Today');
    expect(html).not.toMatch(/>Current</);
  });

  it('name today’s and the recommended option of each function as the web’s function table does', () => {
    const rows = tableRows('Function');
    expect(rows).toHaveLength(assessment.functions.length);
    assessment.functions.forEach((f, i) => {
      expect(text(rows[i]![0]!)).toBe(f.name);
      expect(text(rows[i]![1]!)).toBe(optionLabels[f.current]);
      expect(text(rows[i]![2]!)).toBe(optionLabels[f.recommended]);
    });
    expect(html).toContain(`<th>${planLabels.current}</th><th>${planLabels.recommended}</th>`);
  });

  it('colour and name the cost components of the chart as the web’s chart does', () => {
    const used = COST_COMPONENTS.filter((c) => assessment.plans.some((p) => p.components[c] > 0));
    expect(used.length).toBeGreaterThan(3);
    for (const c of used)
      expect(html).toMatch(
        new RegExp(`fill="${componentColors[c]}"/><text[^>]*>${componentLabels[c].replace(/[()]/g, '\\$&')}</text>`),
      );
  });

  it('is titled with the practice’s name, and says which run it is', () => {
    expect(html).toContain('<title>IT sourcing assessment: Valley Medical Partners LLC</title>');
    expect(html).toContain('<h1>IT sourcing assessment: Valley Medical Partners LLC</h1>');
    expect(html).toContain('<p class="muted">With MFA. ');
    // Without a practice record (the CLI), the profile's own name is the practice's.
    expect(renderReportHtml(assessment)).toContain(`<h1>IT sourcing assessment: ${profile.name}</h1>`);
  });
});
