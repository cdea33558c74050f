/**
 * Calibration: defaults that reproduce published figures, each test naming its source
 * (shared/domain/economics.md).
 */
import { describe, expect, it } from 'vitest';
import { Defaults } from '../../src/sourcing/defaults.ts';
import { buildModel } from '../../src/sourcing/model.ts';
import { evaluateFunction } from '../../src/sourcing/point.ts';
import { parseProfile } from '../../src/sourcing/profile-schema.ts';

describe('risk calibration (issue 14.7)', () => {
  it('a breach costs the healthcare figure per record: IBM Cost of a Data Breach 2024, $173 x $9.77M / $4.88M', () => {
    // economics.md section 4: IBM 2024 cost per record $173 (all industries); average breach
    // $9.77M in healthcare, $4.88M globally. The all-industry $173 understated healthcare by half.
    const healthcare = Math.round((173 * 9.77) / 4.88);
    expect(healthcare).toBe(346);
    expect(new Defaults({}).mean('risk.costPerRecord')).toBe(healthcare);
    const model = buildModel(
      parseProfile({
        practice: { providers: 5, users: 20, locations: 1, specialty: 'medical' },
        current: { model: 'none' },
      }),
    );
    expect(model.scenarios.k.costPerRecord).toBe(346);
  });
});

/**
 * A practice of `users` employees with a mature IT function: an IT manager on staff (strategy and
 * vendors), a technology leader from infrastructure, policies, processes and a framework in place
 * and a current risk analysis, the desk run in-house today (no MSP to pay twice). One provider per
 * 5 users, 2 locations, 4 servers.
 */
function mature(users: number) {
  return buildModel(
    parseProfile({
      asOf: '2026-11-01',
      practice: { providers: Math.round(users / 5), users, locations: 2, servers: 4, specialty: 'medical' },
      current: { model: 'in_house' },
      staff: [{ role: 'it_manager', skills: ['it_strategy', 'vendor_management'], canBeCovered: false }],
      technologyLeader: { background: 'infrastructure', hoursPerWeekManagingPeople: 4 },
      governance: {
        writtenPolicies: true,
        documentedProcesses: true,
        governanceFramework: true,
        lastRiskAnalysis: '2026-01-01',
      },
    }),
  );
}

describe('in-house break-even (issue 14.1)', () => {
  it('the in-house help desk breaks even with fully managed between 175 and 200 employees with a mature team: economics.md section 7 (petronellatech.com 2026: about 150-200 employees, only with a mature team)', () => {
    const gap = (users: number) => {
      const m = mature(users);
      const p = evaluateFunction(
        m,
        m.functions.find((f) => f.id === 'help_desk_it')!,
        m.inputs.cols.means(),
      );
      return p.in_house.riskAdjusted - p.fully_managed.riskAdjusted;
    };
    // Before the fix (management bought for a team an IT manager already runs, half-FTE steps per
    // function) in-house was dearer at every size up to 500 users.
    expect(gap(150)).toBeGreaterThan(0);
    expect(gap(175)).toBeGreaterThan(0);
    expect(gap(200)).toBeLessThan(0);
    expect(gap(300)).toBeLessThan(0);
  });
});

describe('staffing by size (issue 14.1)', () => {
  // vegaprism.com (economics.md section 7): 50-150 users need 2-3 IT staff, 150-300 need 4-6,
  // 300-500 need 6-10. The IT work of the centre of each band (no analytics, software or cloud
  // needs; one provider per 5 users, a location per 75 users, a server per 25 users).
  const workload = (users: number) => {
    const m = buildModel(
      parseProfile({
        practice: {
          providers: Math.round(users / 5),
          users,
          locations: Math.max(1, Math.round(users / 75)),
          servers: Math.round(users / 25),
          specialty: 'medical',
        },
        current: { model: 'none' },
        needs: { analytics: 'none' },
      }),
    );
    return m.functions.filter((f) => f.needed).reduce((s, f) => s + f.plans.in_house.workloadFte, 0);
  };
  it.each([
    [100, 2, 3],
    [225, 4, 6],
    [400, 6, 10],
  ])('%i users: between %i and %i FTE of IT work', (users, low, high) => {
    expect(workload(users)).toBeGreaterThanOrEqual(low);
    expect(workload(users)).toBeLessThanOrEqual(high);
  });
});
