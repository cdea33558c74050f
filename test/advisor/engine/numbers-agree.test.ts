/**
 * Issue 14.6: every figure in a sentence comes from the same numbers as the table beside it, and
 * the overall label describes the plan.
 */
import { describe, expect, it } from 'vitest';
import { assess, planLabelOf } from '../../../src/advisor/engine/assess.ts';
import { leadText, money, OPTION_LABELS } from '../../../src/advisor/engine/format.ts';
import { buildModel } from '../../../src/advisor/engine/model/model.ts';
import { loadExample } from './fixtures.ts';

const small = { iterations: 1000 };

describe('numbers that agree', () => {
  const a = assess(loadExample('group-40-co-managed.yaml'), small);

  it("the lead over the runner-up is the table's difference in risk-adjusted cost, the preferences apart", () => {
    for (const fn of a.functions) {
      if (!fn.runnerUp) continue;
      const row = (o: string) => fn.options.find((x) => x.option === o)!;
      const tableGap = row(fn.runnerUp).riskAdjusted - row(fn.recommended).riskAdjusted;
      expect(fn.marginCost).toBeCloseTo(tableGap, 6);
      const text = leadText(fn.runnerUp, fn.margin, fn.marginCost)!;
      // The table's figure is in the sentence; the score's lead only with the preferences named.
      expect(text).toContain(money(Math.abs(tableGap)));
      const preferences = fn.margin! - fn.marginCost!;
      if (Math.abs(preferences) >= 0.5) {
        expect(text).toContain(money(fn.margin!));
        expect(text).toContain(money(Math.abs(preferences)));
        expect(text).toContain('weights on control and vendor dependency');
      } else expect(text).not.toContain(money(fn.margin!) + ' a year on the decision score');
    }
  });

  it('the lead sentence by hand: $9,384 on the score is $430 of cost and risk plus $8,954 of preferences', () => {
    expect(leadText('fully_managed', 9384, 430)).toBe(
      'ahead of fully managed by $9,384 a year on the decision score: $430 a year cheaper including risk, plus $8,954 from the weights on control and vendor dependency',
    );
    expect(leadText('in_house', 1200, 1200)).toBe('ahead of in-house: $1,200 a year cheaper including risk');
  });

  it('the overall label describes the plan: the option most functions take and the exceptions by name', () => {
    const model = buildModel(loadExample('group-40-co-managed.yaml'));
    const recommended = Object.fromEntries(a.functions.map((f) => [f.id, f.recommended]));
    const label = planLabelOf(model, recommended);
    expect(a.overall.label).toBe(label);
    // The option most functions take leads the label; every other function is named.
    const count = (o: string) => a.functions.filter((f) => f.recommended === o).length;
    const main = (['in_house', 'co_managed', 'fully_managed'] as const).reduce((m, o) => (count(o) > count(m) ? o : m));
    const others = a.functions.filter((f) => f.recommended !== main);
    expect(others.length).toBeGreaterThan(0);
    expect(
      label.startsWith(`mostly ${OPTION_LABELS[main]} (${count(main)} of ${a.functions.length} functions), with `),
    ).toBe(true);
    for (const f of others) expect(label).toContain(f.name);
    expect(a.overall.rationale[0]).toContain(label);
    // One option everywhere: just its name.
    const all = Object.fromEntries(a.functions.map((f) => [f.id, 'fully_managed' as const]));
    expect(planLabelOf(model, all)).toBe('fully managed');
  });
});
