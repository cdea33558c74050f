import { describe, expect, it } from 'vitest';
import { coverage } from './coverage.ts';
import { rule321 } from './rule-321.ts';

describe('coverage', () => {
  it('merges overlapping copies, clips them to the period and lists the gaps', () => {
    // Period 0..100; copies cover 10..30, 20..40 (merged 10..40) and 90..120 (clipped to 90..100).
    const spans = [
      { from: 10, to: 30 },
      { from: 20, to: 40 },
      { from: 90, to: 120 },
    ];
    expect(coverage(spans, 0, 100)).toEqual({
      share: 0.4,
      gaps: [
        { from: 0, to: 10 },
        { from: 40, to: 90 },
      ],
    });
  });

  it('is zero with no copy and whole with one covering the period', () => {
    expect(coverage([], 0, 50)).toEqual({ share: 0, gaps: [{ from: 0, to: 50 }] });
    expect(coverage([{ from: -10, to: 60 }], 0, 50)).toEqual({ share: 1, gaps: [] });
  });
});

describe('rule321', () => {
  const job = (destination: string, medium: string, paused = false) => ({ destination, medium, paused });

  it('counts the original as a copy and needs two media among the backups and one copy off the site', () => {
    expect(rule321([])).toEqual({
      copies: 1,
      media: 0,
      offsite: 0,
      met: false,
      missing: ['2 more copies', 'a second medium', 'a copy off the site'],
    });
    expect(rule321([job('local', 'disk'), job('local', 'disk')])).toMatchObject({
      copies: 3,
      media: 1,
      met: false,
      missing: ['a second medium', 'a copy off the site'],
    });
    expect(rule321([job('local', 'disk'), job('cloud', 'cloud')])).toEqual({
      copies: 3,
      media: 2,
      offsite: 1,
      met: true,
      missing: [],
    });
  });

  it('leaves paused jobs out', () => {
    expect(rule321([job('local', 'disk'), job('cloud', 'cloud', true)])).toMatchObject({ copies: 2, met: false });
  });
});
