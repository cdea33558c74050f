/**
 * A result stored by engine 1 (before issue 14's changes) still reads back through the API's
 * schema: what the newer shape adds is filled in without changing any stored figure.
 */
import { describe, expect, it } from 'vitest';
import { upgradeStoredResult } from '../../src/advisor/upgrade-result.ts';
import { assess } from '../../src/advisor/engine/assess.ts';
import { assessmentSchema } from '../../src/advisor/engine/assessment-schema.ts';
import { loadExample } from './engine/fixtures.ts';

/** A current result made to look as engine 1 stored it: without the fields engine 2 added. */
function asVersion1(): Record<string, unknown> {
  const stored = JSON.parse(JSON.stringify(assess(loadExample('dental-4-no-it.yaml'), { iterations: 2_000 })));
  const strip = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(strip);
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    delete o.freedFte;
    delete o.marginCost;
    if (o.components && typeof o.components === 'object') {
      const c = o.components as Record<string, unknown>;
      for (const added of ['retained_staff', 'severance', 'governance']) delete c[added];
    }
    Object.values(o).forEach(strip);
  };
  strip(stored);
  delete stored.overall.label;
  stored.engineVersion = 1;
  return stored;
}

describe('results stored by an earlier engine', () => {
  it('are refused by the current schema as stored, and read back once upgraded', () => {
    const v1 = asVersion1();
    expect(assessmentSchema.safeParse(v1).success).toBe(false);
    const upgraded = assessmentSchema.parse(upgradeStoredResult(v1));
    expect(upgraded.engineVersion).toBe(1);
    expect(upgraded.overall.label.length).toBeGreaterThan(0);
    expect(upgraded.functions.every((f) => f.marginCost === null)).toBe(true);
    // No stored figure changes: the plans' totals are those stored.
    expect(upgraded.plans.map((p) => p.riskAdjusted)).toEqual(
      (v1.plans as { riskAdjusted: number }[]).map((p) => p.riskAdjusted),
    );
  });

  it('leaves a current result as it is', () => {
    const current = assess(loadExample('dental-4-no-it.yaml'), { iterations: 2_000 });
    expect(upgradeStoredResult(JSON.parse(JSON.stringify(current)))).toEqual(JSON.parse(JSON.stringify(current)));
  });
});
