/** Issue 14.9: the CLI, the API and the web form share one set of run defaults. */
import { describe, expect, it } from 'vitest';
import { apiDefaultIterations, apiDefaultSeed, assessmentInputSchema } from '../../src/advisor/schema.ts';
import { DEFAULT_ITERATIONS, DEFAULT_SEED } from '../../src/advisor/engine/assess.ts';

describe('run defaults', () => {
  it('the API defaults are the command line defaults: seed 1, 100,000 iterations', () => {
    expect(DEFAULT_SEED).toBe(1);
    expect(DEFAULT_ITERATIONS).toBe(100_000);
    expect(apiDefaultSeed).toBe(DEFAULT_SEED);
    expect(apiDefaultIterations).toBe(DEFAULT_ITERATIONS);
    expect(assessmentInputSchema.parse({ profile: {} }).iterations).toBe(DEFAULT_ITERATIONS);
  });
});
