/** money() groups digits by hand (format.ts): it must write exactly what Intl's en-US currency format writes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../src/advisor/engine/format.ts';

const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const reference = (x: number) => intl.format(Math.round(x));

describe('money', () => {
  it('hand-picked amounts, by hand', () => {
    expect(money(0)).toBe('$0');
    expect(money(999.5)).toBe('$1,000');
    expect(money(12_300)).toBe('$12,300');
    expect(money(-450.2)).toBe('-$450');
    expect(money(-0.3)).toBe('-$0');
    expect(money(1_234_567.49)).toBe('$1,234,567');
  });

  it('the same text as Intl for any number, edge cases included', () => {
    for (const x of [-0, 0.5, -0.5, 1e15, 1e21, -1e21, 1e300, Infinity, -Infinity, NaN, 999_999.5, 100_000])
      expect(money(x), String(x)).toBe(reference(x));
    fc.assert(
      fc.property(fc.double(), (x) => money(x) === reference(x)),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.integer(), (x) => money(x) === reference(x)));
  });
});
