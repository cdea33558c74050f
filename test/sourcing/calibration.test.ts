/**
 * Calibration: defaults that reproduce published figures, each test naming its source
 * (shared/domain/economics.md).
 */
import { describe, expect, it } from 'vitest';
import { Defaults } from '../../src/sourcing/defaults.ts';
import { buildModel } from '../../src/sourcing/model.ts';
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
