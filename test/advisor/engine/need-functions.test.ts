/**
 * Issue 14.5: functions tied to a need (analytics, software development) follow today's
 * arrangement like the others, so moving them in-house from an MSP pays the overlap. The small
 * practice of fixtures.ts (20 users, 5 providers, 5-year horizon, overlap fixed at 90 days, the
 * basic reporting partner at $50 a provider a month).
 */
import { describe, expect, it } from 'vitest';
import { fnOf, pointsOf, smallModel } from './fixtures.ts';

describe('functions tied to a need', () => {
  it("follow current.model: basic reporting is the MSP's today when the practice is fully managed", () => {
    const model = smallModel({ current: { model: 'fully_managed' }, needs: { analytics: 'basic' } });
    expect(fnOf(model, 'data_analytics').current).toBe('fully_managed');
    expect(fnOf(model, 'data_analytics').today).not.toBeNull();
    // In-house today: the practice's own staff do it (nobody listed: it costs its risk only).
    expect(fnOf(smallModel({ current: { model: 'in_house' } }), 'data_analytics').current).toBe('in_house');
  });

  it('moving them in-house from an MSP pays the MSP for the overlap', () => {
    const p = pointsOf(
      smallModel({ current: { model: 'fully_managed' }, needs: { analytics: 'basic' } }),
      'data_analytics',
    );
    // Reporting partner fee: 5 providers x 12 months x $50 = $3,000 a year; 90 days of it over 5 years.
    expect(p.in_house.components.transition).toBeCloseTo((3000 * 90) / 365 / 5, 6);
    expect(p.co_managed.components.transition).toBeCloseTo((3000 * 90) / 365 / 5, 6);
    // Staying fully managed pays no transition; neither does a practice that has no MSP today.
    expect(p.fully_managed.components.transition).toBe(0);
    const none = pointsOf(smallModel({ needs: { analytics: 'basic' } }), 'data_analytics');
    expect(none.in_house.components.transition).toBe(0);
  });

  it('a per-function answer wins over the overall model, and a cloud migration is not done today', () => {
    const model = smallModel({
      current: { model: 'fully_managed', functions: { data_analytics: { model: 'in_house' } } },
      needs: { analytics: 'basic', softwareDevelopment: 'none', cloudMigration: true },
    });
    expect(fnOf(model, 'data_analytics').current).toBe('in_house');
    expect(fnOf(model, 'cloud_migration').current).toBe('none');
  });
});
