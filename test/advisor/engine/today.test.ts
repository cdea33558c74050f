/**
 * Issue 14, point 2: "Today" is priced from what the profile says exists (its staff at their
 * salaries, its MSP invoice), with the risk today's arrangement carries; never with hires it does
 * not have. Expected values are computed by hand from the profile.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { buildModel } from '../../../src/advisor/engine/model/model.ts';
import { currentAssignment, evaluatePlan } from '../../../src/advisor/engine/model/point.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { loadExample, smallInput } from './fixtures.ts';

const small = { iterations: 2000 };

describe("today's arrangement", () => {
  it('group-40 (issue 14): today is its two salaries loaded plus its MSP invoice, not $1.25M of phantom hires', () => {
    const a = assess(loadExample('group-40-co-managed.yaml'), small);
    const today = a.plans.find((p) => p.id === 'current')!;
    const c = today.components;
    // 170 users: the 100+ worker loading 1.29 (BLS ECEC); salaries $60,000 + $92,000 = $152,000.
    expect(c.salary + c.benefits + c.payroll_taxes + c.coverage).toBeCloseTo(152000 * 1.29, 4);
    // The invoice: $16,000 a month.
    expect(c.msp_fees).toBeCloseTo(192000, 4);
    // Nobody is hired, recruited, managed at an IT manager's rate, or transitioned today.
    expect(c.management).toBe(0);
    expect(c.recruiting).toBe(0);
    expect(c.transition).toBe(0);
    expect(c.onboarding).toBe(0);
    // Before the fix "cover beyond the workload" alone was $490,892 and today cost $1.25M.
    expect(today.cost).toBeLessThan(500000);
  });

  it('today never exceeds the loaded salaries, the invoice, and the tools, training, hardware and turnover of the staff it has', () => {
    const a = assess(loadExample('group-40-co-managed.yaml'), small);
    const c = a.plans.find((p) => p.id === 'current')!.components;
    const staffCost = c.salary + c.benefits + c.payroll_taxes + c.coverage;
    expect(today(a).cost).toBeCloseTo(staffCost + c.msp_fees + c.tools + c.training + c.hardware + c.turnover, 4);
  });

  it('a function nobody covers today costs its risk, not staff: in-house today with no IT staff', () => {
    const profile = parseProfile(smallInput({ current: { model: 'in_house' } }));
    const model = buildModel(profile);
    const point = evaluatePlan(model, currentAssignment(model), model.inputs.cols.means(), true);
    expect(point.cost).toBe(0);
    // With nobody doing the work no control is delivered: the loss is that of doing nothing.
    const nothing = evaluatePlan(
      model,
      model.functions.map(() => null),
      model.inputs.cols.means(),
    );
    expect(point.loss).toBeCloseTo(nothing.loss, 6);
    // The in-house option staffed to the workload is dearer, and its controls cut the scenario losses.
    const staffed = evaluatePlan(model, currentAssignment(model), model.inputs.cols.means());
    expect(staffed.cost).toBeGreaterThan(100000);
    const scenarios = (x: typeof point) => Object.values(x.lossByScenario).reduce((s, v) => s + v, 0);
    expect(scenarios(staffed)).toBeLessThan(scenarios(point));
  });

  it('the simulated today agrees with the exact one (same terms in the kernel and the point model)', () => {
    const a = assess(loadExample('group-40-co-managed.yaml'), { iterations: 20000 });
    const t = today(a);
    expect(t.simulated.cost.mean / t.cost).toBeGreaterThan(0.98);
    expect(t.simulated.cost.mean / t.cost).toBeLessThan(1.02);
    expect(t.simulated.loss.mean / t.loss).toBeGreaterThan(0.9);
    expect(t.simulated.loss.mean / t.loss).toBeLessThan(1.1);
  });
});

function today(a: ReturnType<typeof assess>) {
  return a.plans.find((p) => p.id === 'current')!;
}
