/** Issue 14.7: the estimates that moved the decision are listed as assumptions to confirm. */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { assumptionsToConfirm } from '../../../src/advisor/engine/report/assumptions.ts';
import { defaultEntry } from '../../../src/advisor/engine/model/defaults.ts';
import { buildModel } from '../../../src/advisor/engine/model/model.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { loadExample } from './fixtures.ts';

describe('assumptions to confirm', () => {
  const profile = loadExample('group-40-co-managed.yaml');
  const a = assess(profile, { iterations: 500 });

  it('lists exactly the grade-E defaults, not overridden, whose swing flips a recommendation', () => {
    const listed = assumptionsToConfirm(buildModel(profile), a.functions);
    const expected = new Set(
      a.functions.flatMap((f) =>
        f.sensitivity
          .filter((r) => (r.flipsLow || r.flipsHigh) && !(r.input in profile.overrides))
          .filter((r) => {
            try {
              return defaultEntry(r.input).grade === 'E';
            } catch {
              return false; // salary spreads and other derived inputs are not defaults
            }
          })
          .map((r) => r.input),
      ),
    );
    expect(new Set(listed.map((x) => x.id))).toEqual(expected);
    for (const x of listed) {
      const line = a.overall.rationale.find((r) => r.startsWith('Assumptions to confirm'))!;
      expect(line).toContain(`\`${x.id}\``);
      expect(line).toContain(defaultEntry(x.id).label);
    }
  });

  it('an estimate the profile overrides is no longer listed', () => {
    const listed = assumptionsToConfirm(buildModel(profile), a.functions);
    if (listed.length === 0) return;
    const first = listed[0]!;
    const mean = buildModel(profile).defaults.mean(first.id);
    const fixed = parseProfile({ ...profile, overrides: { ...profile.overrides, [first.id]: mean } });
    const again = assess(fixed, { iterations: 500 });
    expect(assumptionsToConfirm(buildModel(fixed), again.functions).map((x) => x.id)).not.toContain(first.id);
  });
});
