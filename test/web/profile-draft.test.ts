/**
 * The guided form's model (web/src/advisor/profile-draft.ts): the form and the YAML view are two
 * views of one profile document, so switching keeps every value (unknown fields included), and
 * each question writes exactly its own field of the profile the server's schema validates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/advisor/engine/profile/profile-schema.ts';
import {
  answerGovernance,
  blankProfile,
  getAt,
  numberAnswer,
  numberValue,
  profileToYaml,
  setAt,
  textAnswer,
  yamlToProfile,
  type Path,
  type ProfileDoc,
} from '../../web/src/advisor/profile-draft.ts';
import { profileArb } from '../advisor/engine/fixtures.ts';

/** A valid profile, sometimes with fields no form question covers (overrides, stakeholders, unknown keys). */
const docArb: fc.Arbitrary<ProfileDoc> = fc
  .tuple(
    profileArb,
    fc.option(fc.dictionary(fc.constantFrom('x-note', 'colour', 'futureField'), fc.jsonValue()), { nil: undefined }),
    fc.boolean(),
  )
  .map(([profile, unknown, extras]) => ({
    ...(profile as ProfileDoc),
    ...(extras
      ? {
          name: 'Riverside: Family Dental # not a comment',
          overrides: { 'msp.fullyManagedPerUserMonth': { min: 140, mode: 160, max: 180 } },
          stakeholders: [{ name: 'Dr. Ana Riviera', weights: { cost: 0.5, control: 0.3, vendorDependency: 0.2 } }],
        }
      : {}),
    ...unknown,
  }));

/** Every field the guided form asks about, by path, with a valid answer generator. */
const formFields: [Path, fc.Arbitrary<unknown>][] = [
  [['name'], fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')],
  [['practice', 'providers'], fc.integer({ min: 1, max: 50 })],
  [['practice', 'users'], fc.integer({ min: 50, max: 500 })],
  [['practice', 'locations'], fc.integer({ min: 1, max: 5 })],
  [['practice', 'endpoints'], fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined })],
  [['practice', 'servers'], fc.integer({ min: 0, max: 20 })],
  [['practice', 'specialty'], fc.constantFrom('medical', 'dental', 'other')],
  [['current', 'model'], fc.constantFrom('in_house', 'co_managed', 'fully_managed', 'none')],
  [['current', 'mspMonthlyCost'], fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: undefined })],
  [['current', 'functions', 'backup_dr', 'model'], fc.option(fc.constantFrom('in_house', 'none'), { nil: undefined })],
  [['insurance', 'requiresMfa'], fc.boolean()],
  [['needs', 'analytics'], fc.constantFrom('none', 'basic', 'warehouse')],
  [['needs', 'cloudMigration'], fc.boolean()],
  [['displacedStaff'], fc.constantFrom('redeploy', 'leave')],
  [['horizonYears'], fc.integer({ min: 1, max: 10 })],
];

describe('switching between the form and the YAML view', () => {
  it('keeps every value of any valid profile, unknown fields included, both ways', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const read = yamlToProfile(profileToYaml(doc));
        expect(read).toEqual({ ok: true, doc });
        if (read.ok) expect(profileToYaml(read.doc)).toBe(profileToYaml(doc));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses YAML the form cannot show, saying why, and reads empty text as a blank profile', () => {
    expect(yamlToProfile('practice:\n  providers: 4\n users: 16\n')).toEqual({
      ok: false,
      reason: 'the YAML has syntax errors; fix them first',
    });
    expect(yamlToProfile('- 1\n- 2\n')).toEqual({ ok: false, reason: 'the YAML is not a profile (a list of fields)' });
    expect(yamlToProfile('  \n')).toEqual({ ok: true, doc: blankProfile() });
  });
});

describe('a form question and its field', () => {
  it('writes exactly its field: the answer reads back, and nothing else in the profile moves', () => {
    const cases = fc.oneof(...formFields.map(([path, value]) => fc.tuple(fc.constant(path), value)));
    fc.assert(
      fc.property(docArb, cases, (doc, [path, value]) => {
        const after = setAt(doc, path, value);
        expect(getAt(after, path)).toEqual(value);
        // Putting the old answer back gives the profile as it was (optional sections emptied by
        // clearing go, and a generated profile never holds an empty one).
        expect(setAt(after, path, getAt(doc, path))).toEqual(doc);
        // The document given is never changed in place (React state).
        expect(after === doc || getAt(doc, path) !== value).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the profile untouched when an answer is given again unchanged', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom(...formFields.map(([p]) => p)), (doc, path) => {
        expect(setAt(doc, path, getAt(doc, path))).toBe(doc);
      }),
    );
  });

  it('reads cleared number and text inputs as unanswered', () => {
    expect(numberAnswer('')).toBeUndefined();
    expect(numberAnswer(12)).toBe(12);
    expect(numberAnswer('3.5')).toBe(3.5);
    expect(textAnswer('   ')).toBeUndefined();
    expect(numberValue({ practice: { users: 16 } }, ['practice', 'users'])).toBe(16);
    expect(numberValue({ practice: {} }, ['practice', 'users'])).toBe('');
  });

  it('drops a per-function exception cleared in the form, and keeps practice and current when emptied', () => {
    const withException = setAt(blankProfile(), ['current', 'functions', 'backup_dr', 'model'], 'in_house');
    expect(withException.current).toEqual({ model: 'fully_managed', functions: { backup_dr: { model: 'in_house' } } });
    expect(setAt(withException, ['current', 'functions', 'backup_dr', 'model'], undefined).current).toEqual({
      model: 'fully_managed',
    });
    expect(setAt(setAt(blankProfile(), ['current', 'model'], undefined), ['practice'], {})).toMatchObject({
      practice: {},
      current: {},
    });
  });

  it('writes governance whole, since the schema takes all three answers together', () => {
    const once = answerGovernance(blankProfile(), 'lastRiskAnalysis', '2025-02-15');
    expect(once.governance).toEqual({
      writtenPolicies: false,
      documentedProcesses: false,
      governanceFramework: false,
      lastRiskAnalysis: '2025-02-15',
    });
    expect(answerGovernance(once, 'writtenPolicies', true).governance).toMatchObject({ writtenPolicies: true });
    expect(answerGovernance(once, 'lastRiskAnalysis', undefined).governance).toEqual({
      writtenPolicies: false,
      documentedProcesses: false,
      governanceFramework: false,
    });
  });
});

describe('filling the form from a blank profile', () => {
  it('gives the profile a hand-written YAML file would, accepted by the server schema', () => {
    const answers: [Path, unknown][] = [
      [['name'], 'Riverside Family Dental'],
      [['practice', 'specialty'], 'dental'],
      [['practice', 'providers'], 4],
      [['practice', 'users'], 16],
      [['current', 'mspMonthlyCost'], 2600],
      [['staff'], [{ role: 'help_desk', fte: 1, skills: ['help_desk_it'], canBeCovered: false }]],
      [['staff', 0, 'fte'], 0.5],
      [
        ['staff', 0, 'skills'],
        ['help_desk_it', 'end_user_devices'],
      ],
      [['insurance', 'requiresMfa'], true],
    ];
    const doc = answers.reduce((d, [path, value]) => setAt(d, path, value), blankProfile());
    const yaml = `name: Riverside Family Dental
practice:
  locations: 1
  specialty: dental
  providers: 4
  users: 16
current:
  model: fully_managed
  mspMonthlyCost: 2600
staff:
  - role: help_desk
    fte: 0.5
    skills:
      - help_desk_it
      - end_user_devices
    canBeCovered: false
insurance:
  requiresMfa: true
`;
    expect(yamlToProfile(yaml)).toEqual({ ok: true, doc });
    expect(parseProfile(doc).staff[0]!.skills).toEqual(['help_desk_it', 'end_user_devices']);
  });
});
