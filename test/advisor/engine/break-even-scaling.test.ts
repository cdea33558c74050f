/** Issue 14.4: break-even scales a proposal's hires with the workload instead of holding them fixed. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/advisor/engine/model/model.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { scaledProfile } from '../../../src/advisor/engine/decide/sensitivity.ts';
import { smallInput } from './fixtures.ts';

describe('break-even under a proposal', () => {
  const profile = parseProfile(
    smallInput({
      proposedChanges: [{ function: 'help_desk_it', to: 'in_house', hires: [{ role: 'help_desk', fte: 1.5 }] }],
    }),
  );

  it('scales the proposed hires with the work: 1.5 FTE at 20 users is 3.75 at 50 and 15 x (200 / 50)^-0.16 at 200', () => {
    // Up to 50 users (workload.scaleReferenceUsers) the work grows with the users; beyond, as
    // users^0.84 (workload.scaleExponent, economies of scale).
    const at200 = scaledProfile(profile, 200).proposedChanges[0]!.hires!;
    expect(at200).toHaveLength(1);
    expect(at200[0]!.fte).toBeCloseTo(15 * 4 ** -0.16, 9);
    expect(scaledProfile(profile, 50).proposedChanges[0]!.hires).toEqual([{ role: 'help_desk', fte: 3.75 }]);
    // The schema's ceiling of 50 FTE per hire holds at 2,000 users.
    expect(scaledProfile(profile, 2000).proposedChanges[0]!.hires).toEqual([{ role: 'help_desk', fte: 50 }]);
  });

  it('the in-house plan at a scaled size hires the scaled team, in proportion to the workload', () => {
    const at = (users: number) => {
      const fn = buildModel(scaledProfile(profile, users)).functions.find((f) => f.id === 'help_desk_it')!;
      return fn.plans.in_house;
    };
    expect(at(200).hiresFte).toBeCloseTo(15 * 4 ** -0.16, 9);
    expect(at(200).hiresFte / at(200).workloadFte).toBeCloseTo(at(20).hiresFte / at(20).workloadFte, 9);
  });
});
