/**
 * Issue 14.5: warnings that were missing or noisy. The small practice of fixtures.ts (20 users,
 * a 5-year horizon, transition.overlapDays fixed at 90).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { loadExample, smallInput, type SmallChanges } from './fixtures.ts';

const run = (changes: SmallChanges) => assess(parseProfile(smallInput(changes)), { iterations: 500 });
const desk = (a: ReturnType<typeof assess>) => a.functions.find((f) => f.id === 'help_desk_it')!;

describe('warnings (issue 14.5)', () => {
  it('the only IT person, with nobody to cover, is warned about whatever the recommendation', () => {
    const a = run({
      current: { model: 'fully_managed', functions: { help_desk_it: { model: 'in_house' } } },
      staff: [{ role: 'help_desk', salary: 50000, skills: ['help_desk_it'], canBeCovered: false }],
    });
    const w = desk(a).warnings.filter((x) => x.driver === 'single_person');
    expect(w).toHaveLength(1);
    expect(w[0]!.text).toContain('Today one person holds this function');
  });

  it('no single-person warning when someone covers for them', () => {
    const a = run({
      current: { model: 'fully_managed', functions: { help_desk_it: { model: 'in_house' } } },
      staff: [{ role: 'help_desk', salary: 50000, skills: ['help_desk_it'], canBeCovered: true }],
    });
    expect(desk(a).warnings.some((x) => x.driver === 'single_person')).toBe(false);
  });

  it('no single-person warning for functions neither in-house today, nor advised or proposed in-house', () => {
    const a = run({ current: { model: 'fully_managed' } });
    for (const f of a.functions)
      if (f.current !== 'in_house' && f.recommended !== 'in_house')
        expect(
          f.warnings.some((x) => x.driver === 'single_person'),
          f.id,
        ).toBe(false);
  });

  it('paying twice counts the overlap of the MSP fee only, not the policies to write', () => {
    const a = run({
      current: { model: 'fully_managed', functions: { help_desk_it: { mspMonthlyCost: 1000 } } },
      proposedChanges: [{ function: 'help_desk_it', to: 'in_house' }],
    });
    const w = desk(a).warnings.find((x) => x.driver === 'paying_twice')!;
    // $1,000 x 12 x 90 / 365 = $2,959 over the transition (policy writing, $1,946 a year, is apart).
    expect(w.text).toContain('($2,959 over the transition)');
    const inHouse = desk(a).options.find((o) => o.option === 'in_house')!;
    expect(inHouse.components.governance).toBeCloseTo((80 * 121.625) / 5, 6);
  });
});

describe('teams a practice did not ask about (issue 14.5)', () => {
  it('a 4-dentist office is told custom software and a data warehouse are not for doing in-house', () => {
    const a = assess(loadExample('dental-4-no-it.yaml'), { iterations: 500 });
    const line = a.overall.rationale.find((r) => r.startsWith('Not needed today, and not advisable in-house'));
    expect(line).toBeDefined();
    // Minimum in-house teams from the catalog: custom software 3 FTE, a warehouse 5 FTE.
    expect(line).toContain('custom software development (a team of at least 3 FTE)');
    expect(line).toContain('an in-house data warehouse and analytics team (a team of at least 5 FTE)');
  });

  it('not said where the practice already needs them at that depth or is large enough', () => {
    const a = assess(
      parseProfile(
        smallInput({ needs: { analytics: 'warehouse', softwareDevelopment: 'custom', cloudMigration: false } }),
      ),
      { iterations: 500 },
    );
    expect(a.overall.rationale.some((r) => r.startsWith('Not needed today'))).toBe(false);
  });
});
