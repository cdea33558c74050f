/** The shipped activity catalog: big enough for an agreement, in step with the advisor's functions. */
import { describe, expect, it } from 'vitest';
import { ACTIVITY_CATALOG, catalogActivity, toMatrixActivity } from '../../src/matrix/activity-catalog.ts';
import { activitySchema } from '../../src/matrix/schema.ts';
import { FUNCTION_CATALOG, FUNCTION_IDS } from '../../src/advisor/engine/model/function-catalog.ts';

describe('ACTIVITY_CATALOG', () => {
  it('ships at least 60 activities with unique ids, each a valid matrix activity', () => {
    expect(ACTIVITY_CATALOG.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ACTIVITY_CATALOG.map((a) => a.id)).size).toBe(ACTIVITY_CATALOG.length);
    for (const a of ACTIVITY_CATALOG) {
      const parsed = activitySchema.safeParse(toMatrixActivity(a));
      expect(parsed.success, a.id).toBe(true);
    }
  });

  it('gives every function at least three activities', () => {
    for (const fn of FUNCTION_IDS)
      expect(ACTIVITY_CATALOG.filter((a) => a.function === fn).length, fn).toBeGreaterThanOrEqual(3);
  });

  it("contains every activity of the advisor's function catalog, unchanged", () => {
    for (const f of FUNCTION_CATALOG)
      for (const a of f.activities)
        expect(catalogActivity(a.id), a.id).toMatchObject({
          function: f.id,
          name: a.name,
          practiceAccountable: a.practiceAccountable,
          coManagedResponsible: a.coManagedResponsible,
        });
  });

  it('keeps the decisions HIPAA leaves with the practice accountable to it', () => {
    for (const id of ['security_official', 'risk_signoff', 'breach_notification', 'risk_analysis'])
      expect(catalogActivity(id)?.practiceAccountable, id).toBe(true);
    for (const a of ACTIVITY_CATALOG.filter((x) => x.practiceOnly)) expect(a.practiceAccountable, a.id).toBe(true);
  });

  it('asks for round-the-clock cover where a night-time delay does harm', () => {
    for (const id of ['alerts', 'on_call', 'edr', 'verify_nightly_backups', 'contain_incident'])
      expect(catalogActivity(id)?.coverage, id).toBe('24x7');
    expect(catalogActivity('nope')).toBeUndefined();
  });
});
