/** Each validation rule: a matrix that triggers it, and the fixed matrix that clears it. */
import { describe, expect, it } from 'vitest';
import { matrixSchema, type Matrix, type MatrixInput } from '../../src/matrix/schema.ts';
import { smallMatrix as base } from '../support/matrix-fixture.ts';
import { hasErrors, validateMatrix } from '../../src/matrix/validate.ts';

function check(input: MatrixInput) {
  return validateMatrix(matrixSchema.parse(input));
}

function rules(input: MatrixInput) {
  return check(input).map((f) => `${f.rule}:${f.activity}`);
}

function edit(fn: (m: Matrix) => void): MatrixInput {
  const m = matrixSchema.parse(base());
  fn(m);
  return m;
}

const row = (m: Matrix, id: string) => m.assignments.find((a) => a.activity === id)!;

describe('validateMatrix', () => {
  it('finds nothing in a well-formed matrix', () => {
    expect(check(base())).toEqual([]);
  });

  it('no Responsible: a gap, fixed by assigning a doer', () => {
    const gap = edit((m) => (row(m, 'backups').responsible = []));
    const [f] = check(gap);
    expect(f).toMatchObject({
      rule: 'no_responsible',
      severity: 'error',
      activity: 'backups',
      cells: [{ activity: 'backups', party: null }],
    });
    expect(f!.hint).toMatch(/Assign/);
    // A missing row is a gap too.
    expect(rules(edit((m) => (m.assignments = m.assignments.filter((a) => a.activity !== 'backups'))))).toEqual([
      'no_responsible:backups',
    ]);
    expect(check(edit((m) => (row(m, 'backups').responsible = ['msp-desk'])))).toEqual([]);
  });

  it('not exactly one Accountable', () => {
    expect(rules(edit((m) => (row(m, 'backups').accountable = [])))).toEqual(['accountable_count:backups']);
    const two = check(edit((m) => (row(m, 'backups').accountable = ['msp-desk', 'leadership'])));
    expect(two.map((f) => f.rule)).toEqual(['accountable_count']);
    expect(two[0]!.cells.map((c) => c.party)).toEqual(['msp-desk', 'leadership']);
  });

  it('Accountable outside the practice where HIPAA keeps it inside', () => {
    const outside = check(edit((m) => (row(m, 'accounts').accountable = ['msp-desk'])));
    expect(outside.map((f) => f.rule)).toEqual(['accountable_outside_practice']);
    expect(outside[0]!.cells).toEqual([{ activity: 'accounts', party: 'msp-desk' }]);
    // Internal IT is the practice's own staff: allowed.
    expect(rules(edit((m) => (row(m, 'accounts').accountable = ['dana'])))).toEqual([]);
  });

  it('two organisations Responsible without a stated split: an overlap', () => {
    const both = { responsible: ['dana', 'msp-desk'], escalation: ['msp-soc', 'leadership'] };
    const overlap = edit((m) => Object.assign(row(m, 'accounts'), both));
    expect(rules(overlap)).toEqual(['overlap_without_split:accounts']);
    expect(
      rules(edit((m) => Object.assign(row(m, 'accounts'), { ...both, split: 'Dana creates, MSP disables at night' }))),
    ).toEqual([]);
  });

  it('a 24x7 activity whose Responsible party works business hours', () => {
    const nights = edit((m) => {
      Object.assign(row(m, 'edr'), {
        responsible: ['msp-desk'],
        accountable: ['msp-desk'],
        escalation: ['msp-soc', 'leadership'],
      });
      m.parties.find((p) => p.id === 'msp-desk')!.scope!.push('security_operations');
    });
    expect(rules(nights)).toEqual(['coverage_24x7:edr']);
    expect(check(nights)[0]!.severity).toBe('error');
  });

  it('a single named person with nobody to cover', () => {
    const alone = edit((m) => (m.parties.find((p) => p.id === 'msp-desk')!.covers = []));
    expect(rules(alone)).toEqual(['key_person:accounts']);
    expect(check(alone)[0]!.severity).toBe('warning');
  });

  it('an escalation path that loops, or ends without anyone who can act', () => {
    // The same party twice in the path is refused by the schema, naming the cell (see the duplicates test).
    expect(
      matrixSchema.safeParse(edit((m) => (row(m, 'accounts').escalation = ['msp-desk', 'msp-desk']))).success,
    ).toBe(false);
    expect(rules(edit((m) => (row(m, 'accounts').escalation = ['dana', 'leadership'])))).toEqual([
      'escalation_loop:accounts',
    ]);
    const deadEnd = check(edit((m) => (row(m, 'accounts').escalation = ['leadership'])));
    expect(deadEnd.map((f) => [f.rule, f.severity])).toEqual([['escalation_dead_end', 'error']]);
    // A critical activity with no path at all is flagged as a warning.
    expect(check(edit((m) => (row(m, 'edr').escalation = []))).map((f) => [f.rule, f.severity])).toEqual([
      ['escalation_dead_end', 'warning'],
    ]);
    // ...unless leadership itself decides: there is nobody above it to escalate to.
    const decision = edit((m) => {
      const r = row(m, 'edr');
      r.escalation = [];
      r.responsible = ['leadership'];
      r.accountable = ['leadership'];
      m.parties.find((p) => p.id === 'leadership')!.coverage = 'business';
    });
    expect(rules(decision)).toEqual(['coverage_24x7:edr', 'leadership_only_responsible:edr']);
  });

  it('an activity the MSP contract does not include', () => {
    const scope = edit((m) => (m.parties.find((p) => p.id === 'msp-desk')!.scope = ['help_desk_it']));
    expect(rules(scope)).toEqual(['outside_contract_scope:backups']);
  });

  it('a planned absence that leaves work uncovered, and the cover that fixes it', () => {
    const away = edit((m) => {
      m.parties.find((p) => p.id === 'msp-desk')!.covers = [];
      m.parties.find((p) => p.id === 'dana')!.covers = [];
      m.absences.push({ party: 'dana', from: '2026-12-22', to: '2027-01-02', note: 'holidays' });
    });
    // Nobody covers Dana, but the escalation path (the MSP desk) takes her work, as routing does.
    expect(rules(away)).toEqual(['key_person:accounts']);
    const deskAwayToo = edit((m) => {
      m.parties.find((p) => p.id === 'dana')!.covers = [];
      m.parties.find((p) => p.id === 'msp-desk')!.covers = [];
      m.absences.push({ party: 'dana', from: '2026-12-22', to: '2027-01-02', note: 'holidays' });
      m.absences.push({ party: 'msp-desk', from: '2026-12-31', to: '2026-12-31' });
    });
    expect(rules(deskAwayToo)).toEqual([
      'key_person:accounts',
      'absence_uncovered:accounts',
      'absence_uncovered:backups',
    ]);
    expect(check(deskAwayToo)[1]!.message).toBe(
      'Dana (office IT) is away 2026-12-22 to 2027-01-02 (holidays) and nobody covers "Create and remove user accounts" on 2026-12-31',
    );
    const covered = edit((m) => m.absences.push({ party: 'dana', from: '2026-12-22', to: '2027-01-02' }));
    expect(rules(covered)).toEqual([]);
    // The person covering is away at the same time: uncovered again.
    const bothAway = edit((m) => {
      m.absences.push({ party: 'dana', from: '2026-12-22', to: '2027-01-02' });
      m.absences.push({ party: 'msp-desk', from: '2026-12-31', to: '2026-12-31' });
    });
    expect(rules(bothAway)).toEqual(['absence_uncovered:accounts', 'absence_uncovered:backups']);
  });

  it('tells errors from warnings', () => {
    expect(hasErrors(check(edit((m) => (m.parties.find((p) => p.id === 'msp-desk')!.covers = []))))).toBe(false);
    expect(hasErrors(check(edit((m) => (row(m, 'backups').responsible = []))))).toBe(true);
  });

  it('the schema names unknown parties, activities and duplicates by path', () => {
    const bad = matrixSchema.safeParse({
      ...base(),
      assignments: [{ activity: 'nope', responsible: ['ghost'] }, ...base().assignments, { activity: 'edr' }],
    });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'assignments.0.activity: no activity "nope"',
        'assignments.0.responsible.0: no party "ghost"',
        'assignments.4.activity: "edr" appears twice',
      ]),
    );
  });
});
