import { describe, expect, it } from 'vitest';
import { backoffMs, secondFactorRules, throttleRules } from './throttle.ts';

describe('sign-in throttle backoff', () => {
  const [account, accountIp, ip] = throttleRules('Admin@Clinic.example', '10.0.0.7');

  it('keys on the lower-cased account, account+IP and IP', () => {
    expect([account?.key, accountIp?.key, ip?.key]).toEqual(['account:admin@clinic.example', 'account-ip:admin@clinic.example|10.0.0.7', 'ip:10.0.0.7']);
  });

  it('doubles from one second after the free failures, up to each cap', () => {
    const rule = accountIp!;
    expect([4, 5, 6, 7, 8].map((n) => backoffMs(n, rule))).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backoffMs(15, rule)).toBe(15 * 60_000); // 2^10 s = 17 min, capped at 15
    expect(backoffMs(1000, rule)).toBe(15 * 60_000);
    expect(backoffMs(26, account!)).toBe(60_000); // 2^6 s = 64 s, capped at 60 s
  });

  it('never blocks anyone for good: every cap is finite', () => {
    for (const rule of throttleRules('a@b.example', '1.2.3.4')) expect(backoffMs(Number.MAX_SAFE_INTEGER, rule)).toBeLessThanOrEqual(15 * 60_000);
  });
});

describe('second-factor throttle', () => {
  it('keys on the user (a key the password step never clears) and the same IP key as the password step', () => {
    const rules = secondFactorRules('4b0c1d2e-0000-4000-8000-000000000001', '10.0.0.7');
    expect(rules.map((r) => [r.key, r.onSuccess])).toEqual([
      ['mfa:4b0c1d2e-0000-4000-8000-000000000001', 'reset'],
      ['ip:10.0.0.7', 'refund'],
    ]);
    expect(throttleRules('a@b.example', '10.0.0.7').some((r) => r.key.startsWith('mfa:'))).toBe(false);
  });
});
