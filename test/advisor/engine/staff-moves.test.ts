/**
 * Issue 14, point 3: moving work away from an existing employee is never free. Redeployed (the
 * default), their loaded cost stays and the freed time is shown; leaving, the practice pays
 * severance and the knowledge transfer, and carries the key-person risk of the handover.
 *
 * The small practice (fixtures.ts, 20 users: loading 1.25; daily revenue $15,000; msp.onboardingDays
 * fixed at 30; a 5-year horizon) with one help-desk employee at $50,000 doing the IT help desk
 * in-house today; processes not documented (knowledge factor 1).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { pointsOf, smallInput, smallModel, type SmallChanges } from './fixtures.ts';

const employee: SmallChanges = {
  current: { model: 'fully_managed', functions: { help_desk_it: { model: 'in_house' } } },
  staff: [{ role: 'help_desk', salary: 50000, skills: ['help_desk_it'], canBeCovered: false }],
};

describe('existing staff when their work moves', () => {
  it('redeployed by default: moving the desk to the MSP keeps their loaded cost ($50,000 x 1.25)', () => {
    const p = pointsOf(smallModel(employee), 'help_desk_it');
    expect(p.fully_managed.components.retained_staff).toBeCloseTo(62500, 6);
    expect(p.fully_managed.components.severance).toBe(0);
    // In-house uses them (the desk needs at least 1.15 FTE): nothing is freed.
    expect(p.in_house.components.retained_staff).toBe(0);
  });

  it('the freed time is shown in the staffing of the option', () => {
    const a = assess(parseProfile(smallInput(employee)), { iterations: 1000 });
    const desk = a.functions.find((f) => f.id === 'help_desk_it')!;
    expect(desk.options.find((o) => o.option === 'fully_managed')!.staffing.freedFte).toBeCloseTo(1, 9);
    expect(desk.options.find((o) => o.option === 'in_house')!.staffing.freedFte).toBe(0);
  });

  it('leaving: severance, knowledge transfer and the handover risk instead of the kept cost', () => {
    const p = pointsOf(smallModel({ ...employee, displacedStaff: 'leave' }), 'help_desk_it');
    const fm = p.fully_managed;
    expect(fm.components.retained_staff).toBe(0);
    // 6 weeks of $50,000 over 5 years.
    expect(fm.components.severance).toBeCloseTo((50000 * 6) / 52 / 5, 6);
    // Their loaded pay over the MSP's 30 onboarding days, over 5 years.
    expect(fm.components.transition).toBeCloseTo((50000 * 1.25 * 30) / 365 / 5, 6);
    // Handover: daily impact 0.01 x $15,000 = $150, at the short-absence share 0.25, for 30 days, over 5 years.
    expect(fm.risk.key_person).toBeCloseTo((150 * 0.25 * 30) / 5, 6);
  });

  it('letting surplus staff go while others keep doing the work hands nothing over', () => {
    // Three desk employees (3 FTE) where in-house needs 1.15: in-house frees 1.85 FTE, but the work
    // stays with the 1.15 kept, so its key-person risk is the same whether the others leave or stay.
    const three: SmallChanges = {
      ...employee,
      staff: [1, 2, 3].map((n) => ({
        role: 'help_desk' as const,
        name: `Desk ${n}`,
        salary: 50000,
        skills: ['help_desk_it' as const],
        canBeCovered: false,
      })),
    };
    const leave = pointsOf(smallModel({ ...three, displacedStaff: 'leave' }), 'help_desk_it');
    const redeploy = pointsOf(smallModel(three), 'help_desk_it');
    expect(leave.in_house.components.severance).toBeCloseTo((1.85 * 50000 * 6) / 52 / 5, 6);
    expect(leave.in_house.risk.key_person).toBeCloseTo(redeploy.in_house.risk.key_person, 9);
    // Fully managed takes all of the work from them: the whole handover, as for one employee.
    expect(leave.fully_managed.risk.key_person - redeploy.fully_managed.risk.key_person).toBeCloseTo(
      (150 * 0.25 * 30) / 5,
      6,
    );
  });

  it('today pays every listed employee, whatever the work they do', () => {
    const a = assess(parseProfile(smallInput(employee)), { iterations: 1000 });
    const today = a.plans.find((p) => p.id === 'current')!;
    expect(today.components.salary + today.components.benefits + today.components.payroll_taxes).toBeGreaterThan(0);
    expect(
      today.components.salary + today.components.benefits + today.components.payroll_taxes + today.components.coverage,
    ).toBeCloseTo(62500, 6);
  });
});

describe('management time (issue 14, point 1)', () => {
  // The help desk in-house hires 1.5 FTE (floor 1.15 in 0.5 FTE steps); an IT manager's hour costs
  // $175,140 x 1.25 / 1,800 = $121.625; 3 hours a week per report (fixtures).
  const manager = (fte: number): SmallChanges => ({
    staff: [{ role: 'it_manager', fte, skills: ['it_strategy'], canBeCovered: false }],
  });

  it('is not bought when an IT manager on the payroll has the hours for the whole team', () => {
    // 1 FTE manager gives 20 hours a week; the team is 1 + 1.5 reports x 3 hours = 7.5 hours.
    expect(pointsOf(smallModel(manager(1)), 'help_desk_it').in_house.components.management).toBe(0);
  });

  it('is bought only for the hours the managers on staff cannot give', () => {
    // 0.25 FTE manager: 5 hours a week, 0.75 of them taken by the manager's own report time (staff
    // who do not know the help desk, 0.25 x 3); the 1.5 FTE of hires need 4.5: 1 - 4.25 / 4.5 is
    // bought. The listed staff are managed whatever the option, so only hires add management.
    const p = pointsOf(smallModel(manager(0.25)), 'help_desk_it');
    expect(p.in_house.components.management).toBeCloseTo(1.5 * 52 * 3 * 121.625 * (1 - 4.25 / 4.5), 6);
  });

  it('is bought in full without an IT manager', () => {
    const p = pointsOf(smallModel(), 'help_desk_it');
    expect(p.in_house.components.management).toBeCloseTo(1.5 * 52 * 3 * 121.625, 6);
  });
});
