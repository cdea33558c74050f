/**
 * Property over generated profiles (fixtures.ts profileArb) for issue 14.2: today's spending never
 * exceeds what the profile says it spends (its staff, loaded, and its invoice) plus the running
 * costs of those same staff and their tools; nothing is hired, recruited, managed at an IT
 * manager's rate or transitioned today.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/advisor/engine/model/model.ts';
import { currentAssignment, evaluatePlan } from '../../../src/advisor/engine/model/point.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { profileArb } from './fixtures.ts';

describe('today and staff, over generated profiles', () => {
  it("today's spending is never more than the listed staff (loaded) and the invoice, plus those staff's running costs and tools", () => {
    fc.assert(
      fc.property(profileArb, (input) => {
        const profile = parseProfile(input);
        const model = buildModel(profile);
        const v = model.inputs.cols.means();
        const today = evaluatePlan(model, currentAssignment(model), v, true);
        const c = today.components;
        // Never bought today: hires, recruiting, management at an IT manager's rate, transitions.
        expect(c.management + c.recruiting + c.transition + c.onboarding + c.severance + c.governance).toBe(0);
        const staffLoaded = profile.staff.reduce(
          (s, x) => s + (x.salary ?? model.defaults.mean(`salary.${x.role}`)) * x.fte * model.loading,
          0,
        );
        const people = c.salary + c.benefits + c.payroll_taxes + c.coverage + c.retained_staff;
        expect(people).toBeLessThanOrEqual(staffLoaded * (1 + 1e-9) + 1e-6);
        // The invoice when given (it is spread over the functions the MSP serves today).
        if (profile.current.mspMonthlyCost !== undefined)
          expect(c.msp_fees).toBeLessThanOrEqual(profile.current.mspMonthlyCost * 12 * (1 + 1e-9) + 1e-6);
        expect(today.riskAdjusted).toBeCloseTo(today.cost + today.loss, 6);
      }),
      { numRuns: 60 },
    );
  });
});
