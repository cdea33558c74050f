/**
 * Staffing: the workload of each function, the coverage floor, whole-step hiring, the minimum
 * team, existing staff, proposals and who counts as cover (staffing.ts), on hand-computed cases.
 */
import { describe, expect, it } from 'vitest';
import { Defaults, type OverrideValue } from '../../../src/advisor/engine/model/defaults.ts';
import {
  functionSpec,
  type FunctionId,
  type SourcingOption,
} from '../../../src/advisor/engine/model/function-catalog.ts';
import type { PracticeProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import {
  existingStaff,
  planStaffing,
  workloadFte,
  type PracticeSize,
  type StaffingPlan,
  type StaffMember,
} from '../../../src/advisor/engine/model/staffing.ts';

const SIZE: PracticeSize = { users: 20, endpoints: 20, providers: 5, servers: 0, locations: 1 };

interface Case {
  id: FunctionId;
  option: SourcingOption;
  staff?: StaffMember[];
  overrides?: Record<string, OverrideValue>;
  size?: Partial<PracticeSize>;
  proposal?: PracticeProfile['proposedChanges'][number];
}

function plan(c: Case): StaffingPlan {
  const spec = functionSpec(c.id);
  return planStaffing(
    {
      // Half-FTE hiring steps, as the hand computations below assume (the default is 0.1).
      defaults: new Defaults({ 'staffing.hireGranularityFte': 0.5, ...c.overrides }),
      spec,
      level: null,
      roles: spec.roles,
      size: { ...SIZE, ...c.size },
      horizonYears: 5,
      staff: c.staff ?? [],
      proposal: c.proposal,
    },
    c.option,
  );
}

const deskPerson = (fte: number, skills: FunctionId[], canBeCovered = false): StaffMember => ({
  role: 'help_desk',
  salary: 60000,
  fte,
  skills,
  canBeCovered,
});

describe('workload', () => {
  const d = new Defaults();

  it('adds the per-unit drivers of the catalog', () => {
    // Servers and network: 0.002 x 20 users + 0.05 x 2 servers + 0.1 x 1 location = 0.24 FTE.
    expect(workloadFte(d, functionSpec('servers_network'), null, { ...SIZE, servers: 2 }, 5)).toBeCloseTo(0.24, 12);
    // Compliance: 0.067 fixed + 0.013 x 1 location + 0.0003 x 20 users = 0.086 FTE.
    expect(workloadFte(d, functionSpec('compliance_risk'), null, SIZE, 5)).toBeCloseTo(0.086, 12);
  });

  it('spreads one-time project hours over the horizon', () => {
    // Cloud migration: (4 h x 20 users + 40 h x 2 servers + 40 h x 1 location) / 1,800 h / 5 years = 200 / 9,000.
    expect(workloadFte(d, functionSpec('cloud_migration'), 'yes', { ...SIZE, servers: 2 }, 5)).toBeCloseTo(
      200 / 9000,
      12,
    );
  });

  it('scales every coefficient by 50 / users per core IT FTE', () => {
    const half = new Defaults({ 'workload.usersPerCoreItFte': 25 });
    // Help desk 0.006 x 20 = 0.12 FTE at 50 users per FTE, twice that at 25.
    expect(workloadFte(half, functionSpec('help_desk_it'), null, SIZE, 5)).toBeCloseTo(0.24, 12);
  });

  it("splits each person's time evenly across their skills", () => {
    const staff = [deskPerson(1, ['help_desk_it', 'end_user_devices']), deskPerson(0.5, ['help_desk_it'], true)];
    // 1 / 2 + 0.5 = 1 FTE; salary $60,000 x 0.5 + $60,000 x 0.5 = $60,000; two people; one can be covered.
    expect(existingStaff(staff, 'help_desk_it')).toEqual({
      capacity: 1,
      salary: 60000,
      people: 2,
      cover: true,
      listedCapacity: 1,
      listedSalary: 60000,
      listedTime: [
        { fte: 0.5, salary: 60000 },
        { fte: 0.5, salary: 60000 },
      ],
    });
    expect(existingStaff(staff, 'end_user_devices')).toEqual({
      capacity: 0.5,
      salary: 30000,
      people: 1,
      cover: false,
      listedCapacity: 0.5,
      listedSalary: 30000,
      listedTime: [{ fte: 0.5, salary: 60000 }],
    });
    expect(existingStaff(staff, 'backup_dr')).toEqual({
      capacity: 0,
      salary: 0,
      people: 0,
      cover: false,
      listedCapacity: 0,
      listedSalary: 0,
      listedTime: [],
    });
  });
});

describe('in-house coverage floor and hiring', () => {
  it('the help desk needs 1 seat x 1.15 FTE during business hours, hired in 0.5 FTE steps', () => {
    const p = plan({ id: 'help_desk_it', option: 'in_house' });
    expect(p.workloadFte).toBeCloseTo(0.12, 12); // 0.006 x 20 users
    expect(p.floorFte).toBeCloseTo(1.15, 12);
    expect(p.hires).toEqual([{ role: 'help_desk', fte: 1.5 }]); // ceil(1.15 / 0.5) x 0.5
    expect(p.internalFte).toBeCloseTo(1.5, 12);
    expect(p.people).toBe(2); // ceil(1.15): two people make up 1.15 FTE
    expect(p.hasCover).toBe(true);
    expect(p.coverageRatio).toBe(1);
    expect(p.covers24x7).toBe(false); // 1.5 FTE < 4.9 FTE for a 24x7 seat
  });

  it.each([
    [0.25, 1.25],
    [1, 2],
    [0.05, 1.15],
  ])('with a hiring step of %s FTE the floor of 1.15 FTE is hired as %s FTE', (step, hired) => {
    const p = plan({ id: 'help_desk_it', option: 'in_house', overrides: { 'staffing.hireGranularityFte': step } });
    expect(p.hiresFte).toBeCloseTo(hired, 9);
    // People are counted from the unrounded gap, whatever the step.
    expect(p.people).toBe(2);
  });

  it('a half seat is split across the roles of the function', () => {
    // Clinical desk: 0.5 seat x 1.15 = 0.575 FTE floor, hired as 1 FTE, 60% help desk and 40% network support.
    const p = plan({ id: 'help_desk_clinical', option: 'in_house' });
    expect(p.floorFte).toBeCloseTo(0.575, 12);
    expect(p.hires).toEqual([
      { role: 'help_desk', fte: 0.6 },
      { role: 'network_support', fte: 0.4 },
    ]);
    expect(p.people).toBe(1);
    expect(p.hasCover).toBe(false);
  });

  it('24x7 monitoring in-house needs 4.9 FTE for its one seat, and then covers nights', () => {
    const p = plan({ id: 'monitoring_24x7', option: 'in_house' });
    expect(p.floorFte).toBeCloseTo(4.9, 12);
    expect(p.hiresFte).toBeCloseTo(5, 12);
    expect(p.covers24x7).toBe(true);
    expect(p.people).toBe(5);
    const longer = plan({ id: 'monitoring_24x7', option: 'in_house', overrides: { 'coverage.ftePerSeat.24x7': 5.2 } });
    expect(longer.hiresFte).toBeCloseTo(5.5, 12);
    expect(longer.covers24x7).toBe(true);
  });

  it('a specialist function with no seat hires its minimum team (security: 1 FTE)', () => {
    const p = plan({ id: 'security_operations', option: 'in_house' });
    // workload 0.0012 x 20 users + 0.0005 x 20 endpoints = 0.034 FTE, below the 1 FTE minimum.
    expect(p.workloadFte).toBeCloseTo(0.034, 12);
    expect(p.floorFte).toBe(0);
    expect(p.hires).toEqual([{ role: 'security_analyst', fte: 1 }]);
    expect(p.people).toBe(1);
    expect(p.hasCover).toBe(false);
    expect(p.covers24x7).toBe(false);
  });
});

describe('existing staff', () => {
  it('are used first, at their share of time; only the gap is hired', () => {
    // Half of a 1 FTE person (two skills) is on the help desk: 0.5 FTE used, 1.15 - 0.5 = 0.65 FTE to hire -> 1 FTE.
    const p = plan({
      id: 'help_desk_it',
      option: 'in_house',
      staff: [deskPerson(1, ['help_desk_it', 'end_user_devices'])],
    });
    expect(p.existingCapacityFte).toBeCloseTo(0.5, 12);
    expect(p.existingUsedFte).toBeCloseTo(0.5, 12);
    expect(p.existingSalaryUsed).toBeCloseTo(30000, 6); // $60,000 x 0.5
    expect(p.hiresFte).toBeCloseTo(1, 12);
    expect(p.internalFte).toBeCloseTo(1.5, 12);
    expect(p.people).toBe(2); // the existing person plus ceil(0.65) hire
  });

  it('beyond the need are not all used, and nobody is hired', () => {
    const p = plan({
      id: 'help_desk_it',
      option: 'in_house',
      staff: [deskPerson(1, ['help_desk_it']), deskPerson(1, ['help_desk_it'])],
    });
    expect(p.existingUsedFte).toBeCloseTo(1.15, 12);
    // Salary of the time used: $120,000 x 1.15 / 2.
    expect(p.existingSalaryUsed).toBeCloseTo(69000, 6);
    expect(p.hires).toEqual([]);
    expect(p.people).toBe(2);
  });

  it('one person who can be covered is covered; alone and uncovered is not', () => {
    const covered = plan({
      id: 'security_operations',
      option: 'in_house',
      staff: [{ ...deskPerson(1, ['security_operations'], true), role: 'security_analyst' }],
    });
    expect(covered.people).toBe(1);
    expect(covered.hires).toEqual([]);
    expect(covered.hasCover).toBe(true);
    const alone = plan({
      id: 'security_operations',
      option: 'in_house',
      staff: [{ ...deskPerson(1, ['security_operations']), role: 'security_analyst' }],
    });
    expect(alone.hasCover).toBe(false);
  });
});

describe('co-managed, fully managed and proposals', () => {
  it('co-managed keeps only the internal share of the workload and staffs no seat', () => {
    const p = plan({ id: 'help_desk_it', option: 'co_managed' });
    expect(p.internalWorkloadFte).toBeCloseTo(0.084, 12); // 0.7 x 0.12
    expect(p.floorFte).toBe(0);
    expect(p.hiresFte).toBeCloseTo(0.5, 12);
    expect(p.people).toBe(1);
    expect(p.hasCover).toBe(false);
    expect(p.covers24x7).toBe(true); // the MSP covers nights
  });

  it('fully managed needs no internal staff', () => {
    const p = plan({ id: 'help_desk_it', option: 'fully_managed', staff: [deskPerson(1, ['help_desk_it'])] });
    expect(p).toMatchObject({ internalFte: 0, hires: [], people: 0, existingUsedFte: 0, existingCapacityFte: 1 });
  });

  it("a proposal's hires replace the computed ones, even below the coverage floor", () => {
    const proposal = {
      function: 'help_desk_it' as const,
      to: 'in_house' as const,
      hires: [{ role: 'help_desk' as const, fte: 0.5 }],
    };
    const p = plan({ id: 'help_desk_it', option: 'in_house', proposal });
    expect(p.fromProposal).toBe(true);
    expect(p.hires).toEqual([{ role: 'help_desk', fte: 0.5 }]);
    expect(p.coverageRatio).toBeCloseTo(0.5 / 1.15, 12);
    expect(p.people).toBe(1);
    // The other options ignore it.
    expect(plan({ id: 'help_desk_it', option: 'co_managed', proposal }).fromProposal).toBe(false);
  });
});
