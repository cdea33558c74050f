/**
 * Each example profile against the direction the domain articles give for a practice like it
 * (the guidance is quoted in each file's header comment). Decisions come from the exact point
 * model, so a small simulation is enough here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Assessment, FunctionAssessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { assess } from '../../../src/advisor/engine/assess.ts';
import { parseProfileText } from '../../../src/advisor/engine/profile/profile-text.ts';

const examplesDir = path.join(import.meta.dirname, '..', '..', '..', 'examples');

function run(name: string): Assessment {
  return assess(parseProfileText(readFileSync(path.join(examplesDir, name), 'utf8')), { iterations: 1000 });
}

function fn(a: Assessment, id: FunctionAssessment['id']): FunctionAssessment {
  const found = a.functions.find((f) => f.id === id);
  if (!found) throw new Error(`${id} is not assessed`);
  return found;
}

describe('example profiles follow the domain guidance', () => {
  it('there are at least five, from a 4-dentist office to a 180-provider group', () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const sizes = files.map(
      (f) => parseProfileText(readFileSync(path.join(examplesDir, f), 'utf8')).practice.providers,
    );
    expect(Math.min(...sizes)).toBe(4);
    expect(Math.max(...sizes)).toBe(180);
  });

  it('a 4-dentist office with no IT staff: fully managed, every function, for lack of scale', () => {
    const a = run('dental-4-no-it.yaml');
    expect(a.overall.model).toBe('fully_managed');
    for (const f of a.functions) expect(f.recommended, f.id).toBe('fully_managed');
    expect(a.overall.conditions.find((c) => c.id === 'scale')?.met).toBe(false);
    expect(fn(a, 'help_desk_it').drivers).toContain('scale');
  });

  it('a 15-provider practice whose infrastructure CTO wants the help desk in-house: not in-house', () => {
    const a = run('medical-15-infra-cto.yaml');
    const desk = fn(a, 'help_desk_it');
    expect(desk.recommended).not.toBe('in_house');
    expect(desk.drivers).toEqual(expect.arrayContaining(['scale', 'proposal', 'paying_twice']));
    for (const id of ['monitoring_24x7', 'security_operations'] as const)
      expect(fn(a, id).recommended).toBe('fully_managed');
    expect(a.overall.model).not.toBe('in_house');
  });

  it('a 40-provider co-managed group: stays with an MSP for security and 24/7 monitoring', () => {
    const a = run('group-40-co-managed.yaml');
    expect(['co_managed', 'hybrid']).toContain(a.overall.model);
    for (const id of ['monitoring_24x7', 'security_operations'] as const)
      expect(fn(a, id).recommended).not.toBe('in_house');
    // The insurer's 24/7 requirement rules out a business-hours security team.
    expect(fn(a, 'security_operations').options.find((o) => o.option === 'in_house')?.infeasibleReason).toMatch(
      /24\/7/,
    );
  });

  it('a 60-provider group with a software CTO: no in-house software or analytics department', () => {
    const a = run('group-60-software-cto.yaml');
    const software = fn(a, 'software_development');
    const analytics = fn(a, 'data_analytics');
    expect(software.recommended).not.toBe('in_house');
    expect(analytics.recommended).not.toBe('in_house');
    expect(software.warnings.map((w) => w.driver)).toContain('software_at_scale');
    expect(analytics.warnings.map((w) => w.driver)).toContain('analytics_department');
  });

  it('a 180-provider group with an IT department: help desk in-house, 24/7 monitoring with the MSP', () => {
    const a = run('group-180-it-department.yaml');
    expect(['hybrid', 'in_house']).toContain(a.overall.model);
    expect(fn(a, 'help_desk_it').recommended).toBe('in_house');
    expect(fn(a, 'monitoring_24x7').recommended).not.toBe('in_house');
    expect(a.overall.conditions.find((c) => c.id === 'scale')?.met).toBe(true);
    expect(a.overall.conditions.find((c) => c.id === 'governance_readiness')?.met).toBe(true);
  });
});
