/**
 * The practice profile schema (profile-schema.ts): unknown fields, impossible numbers and
 * impossible combinations are each reported with their path, all in one pass; the examples parse.
 */
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorDetail } from '../../../src/core/errors.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';
import { exampleFiles, exampleInput } from './fixtures.ts';

const valid = {
  practice: { providers: 5, users: 20, locations: 1, specialty: 'medical' },
  current: { model: 'none' },
};

/** The details of the validation error parseProfile throws (fails the test when it does not throw). */
function problems(input: unknown): ErrorDetail[] {
  try {
    parseProfile(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    return (err as AppError).details;
  }
  throw new Error('the profile was accepted');
}

const paths = (input: unknown) => problems(input).map((d) => d.path);

describe('parseProfile', () => {
  it('accepts a minimal profile and fills in the defaults', () => {
    const p = parseProfile(valid);
    expect(p.staff).toEqual([]);
    expect(p.horizonYears).toBe(5);
    expect(p.practice.servers).toBe(0);
    expect(p.needs).toEqual({ analytics: 'basic', softwareDevelopment: 'none', cloudMigration: false });
    expect(p.overrides).toEqual({});
  });

  it('reports each unknown field with its path', () => {
    const details = problems({
      ...valid,
      colour: 'blue',
      practice: { ...valid.practice, userz: 20 },
      staff: [{ role: 'help_desk', skills: ['help_desk_it'], nmae: 'Pat' }],
      overrides: { 'msp.noSuchPrice': 100 },
    });
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'unknown field' },
        { path: 'practice.userz', message: 'unknown field' },
        { path: 'staff.0.nmae', message: 'unknown field' },
        { path: 'overrides.msp.noSuchPrice', message: 'unknown field' },
      ]),
    );
    expect(details).toHaveLength(4);
  });

  it.each([
    ['zero providers', { practice: { ...valid.practice, providers: 0 } }, 'practice.providers'],
    ['negative users', { practice: { ...valid.practice, users: -3 } }, 'practice.users'],
    ['fractional locations', { practice: { ...valid.practice, locations: 1.5 } }, 'practice.locations'],
    ['a zero salary', { staff: [{ role: 'help_desk', skills: ['help_desk_it'], salary: 0 }] }, 'staff.0.salary'],
    [
      'a staff member above 1 FTE',
      { staff: [{ role: 'help_desk', skills: ['help_desk_it'], fte: 1.5 }] },
      'staff.0.fte',
    ],
    ['an unknown skill', { staff: [{ role: 'help_desk', skills: ['juggling'] }] }, 'staff.0.skills.0'],
    ['a horizon of 0 years', { horizonYears: 0 }, 'horizonYears'],
    ['a rate above 100%', { overrides: { 'turnover.rate': 1.5 } }, 'overrides.turnover.rate'],
    [
      'a negative price',
      { overrides: { 'msp.fullyManagedPerUserMonth': -1 } },
      'overrides.msp.fullyManagedPerUserMonth',
    ],
    ['a zero cost weight', { preferences: { cost: 0, control: 1, vendorDependency: 1 } }, 'preferences.cost'],
  ])('reports %s at its path', (_name, change, path) => {
    expect(paths({ ...valid, ...change })).toContain(path);
  });

  it('reports impossible combinations: more IT staff than users, fewer users than providers, more locations', () => {
    const details = problems({
      ...valid,
      practice: { ...valid.practice, providers: 3, users: 2, locations: 4 },
      staff: [
        { role: 'help_desk', skills: ['help_desk_it'] },
        { role: 'sysadmin', skills: ['servers_network'] },
        { role: 'sysadmin', skills: ['backup_dr'], fte: 0.5 },
      ],
    });
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'staff', message: 'more IT staff (2.5 FTE) than users (2)' },
        { path: 'practice.users', message: 'fewer users (2) than providers (3); every provider is a user' },
        { path: 'practice.locations', message: 'more locations (4) than users (2)' },
      ]),
    );
  });

  it('reports every kind of problem at once', () => {
    const found = paths({
      ...valid,
      extra: true,
      practice: { ...valid.practice, providers: 30, locations: 0 },
      staff: [{ role: 'help_desk', skills: ['help_desk_it'], salary: -5 }],
      proposedChanges: [
        { function: 'help_desk_it', to: 'in_house' },
        { function: 'help_desk_it', to: 'fully_managed', hires: [{ role: 'help_desk', fte: 1 }] },
      ],
      overrides: {
        'msp.coManagedPerUserMonth': { min: 120, mode: 100, max: 160 },
        'risk.outageHours': { low: 8, high: 2 },
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'extra',
        'practice.locations',
        'practice.users',
        'staff.0.salary',
        'proposedChanges.1.function',
        'proposedChanges.1.hires',
        'overrides.msp.coManagedPerUserMonth',
        'overrides.risk.outageHours',
      ]),
    );
  });

  it('reports cross-field problems together with type errors (issue 14.8)', () => {
    // A wrong type stops zod's own refinements; the cross-field checks still run.
    const details = problems({
      ...valid,
      practice: { ...valid.practice, providers: 30, users: 20, specialty: 'medicl' },
      staff: [{ role: 'help_desk', skills: ['help_desk_it'], salary: 'sixty thousand' }],
      horizonYears: 'five',
      stakeholders: [
        { name: 'Lee', weights: { cost: 1, control: 0, vendorDependency: 0 } },
        { name: 'Lee', weights: { cost: 1, control: 0, vendorDependency: 0 } },
      ],
    });
    expect(details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['practice.specialty', 'staff.0.salary', 'horizonYears', 'stakeholders.1.name']),
    );
    expect(details).toContainEqual({
      path: 'practice.users',
      message: 'fewer users (20) than providers (30); every provider is a user',
    });
    // Each problem once, even when zod's refinement ran too.
    const only = problems({ ...valid, practice: { ...valid.practice, providers: 30, users: 20 } });
    expect(only.filter((d) => d.path === 'practice.users')).toHaveLength(1);
  });

  it('an empty profile is reported as such', () => {
    for (const empty of [{}, null, undefined])
      expect(problems(empty)).toEqual([{ path: '', message: 'the profile is empty' }]);
  });

  it('every example profile parses', () => {
    const files = exampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(() => parseProfile(exampleInput(f)), f).not.toThrow();
  });
});
