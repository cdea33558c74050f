/** The rules issue 15 added for risks the domain articles name: each with a matrix that triggers it and one that clears it. */
import { describe, expect, it } from 'vitest';
import { matrixSchema, type Matrix, type MatrixInput } from '../../src/matrix/schema.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import { smallMatrix as base } from '../support/matrix-fixture.ts';

const check = (input: MatrixInput) => validateMatrix(matrixSchema.parse(input));
const rules = (input: MatrixInput) => check(input).map((f) => `${f.rule}:${f.activity}`);
function edit(fn: (m: Matrix) => void): MatrixInput {
  const m = matrixSchema.parse(base());
  fn(m);
  return m;
}
const row = (m: Matrix, id: string) => m.assignments.find((a) => a.activity === id)!;
const party = (m: Matrix, id: string) => m.parties.find((p) => p.id === id)!;
const person = (id: string, extra: Partial<Matrix['parties'][number]> = {}): Matrix['parties'][number] => ({
  id,
  name: id.toUpperCase(),
  side: 'internal_it',
  kind: 'person',
  coverage: 'business',
  covers: [],
  securityOfficial: false,
  ...extra,
});

describe('24x7 cover resting on people', () => {
  /** EDR done by Dana alone, marked 24x7: before, she counted as 24x7 cover. */
  const danaNights = (m: Matrix) => {
    party(m, 'dana').coverage = '24x7';
    Object.assign(row(m, 'edr'), { responsible: ['dana'], accountable: ['leadership'] });
  };

  it('warns that one person cannot be a 24x7 rota, and says how many people one needs', () => {
    const findings = check(edit(danaNights));
    const rota = findings.find((f) => f.rule === 'rota_24x7')!;
    expect(rota).toMatchObject({ severity: 'warning', activity: 'edr', cells: [{ activity: 'edr', party: 'dana' }] });
    expect(rota.message).toBe(
      '"Triage EDR alerts" needs 24x7 cover, and it rests on one person, Dana (office IT), who would take every 3 a.m. alert: a 24x7 rota needs about 5 people per seat',
    );
    expect(rota.hint).toContain('8,760 hours a year');
  });

  it('counts the 24x7 people who cover them, and is satisfied by five, or by a 24x7 team', () => {
    const rotaOf = (n: number) =>
      edit((m) => {
        danaNights(m);
        for (let i = 1; i < n; i++) m.parties.push(person(`p${i}`, { coverage: '24x7', covers: ['dana'] }));
      });
    expect(check(rotaOf(3)).find((f) => f.rule === 'rota_24x7')!.message).toContain('rests on 3 people');
    expect(rules(rotaOf(5)).filter((r) => r.startsWith('rota_24x7'))).toEqual([]);
    const withSoc = edit((m) => {
      danaNights(m);
      row(m, 'edr').responsible = ['dana', 'msp-soc'];
      row(m, 'edr').split = 'Dana by day, SOC at night';
    });
    expect(rules(withSoc).filter((r) => r.startsWith('rota_24x7'))).toEqual([]);
  });
});

describe('escalation at night', () => {
  it('warns when a 24x7 activity escalates only to business-hours parties', () => {
    const dayOnly = edit((m) => (party(m, 'leadership').coverage = 'business'));
    const [f] = check(dayOnly);
    expect(f).toMatchObject({ rule: 'escalation_24x7', severity: 'warning', activity: 'edr' });
    expect(f!.cells.map((c) => c.party)).toEqual(['msp-desk', 'leadership']);
    expect(f!.message).toContain('(MSP service desk -> Practice leadership) works business hours only');
    // A business-hours desk covered at night by a 24x7 team escalates at night too (the routing rule).
    const covered = edit((m) => {
      party(m, 'leadership').coverage = 'business';
      m.parties.push({ ...person('noc'), side: 'msp', kind: 'team', coverage: '24x7', covers: ['msp-desk'] });
    });
    expect(rules(covered)).toEqual([]);
  });
});

describe('practice leadership as the only Responsible party', () => {
  it('flags technical work, not decisions', () => {
    const lead = edit((m) => Object.assign(row(m, 'backups'), { responsible: ['leadership'], escalation: ['dana'] }));
    const found = check(lead).filter((f) => f.rule === 'leadership_only_responsible');
    expect(found.map((f) => [f.activity, f.severity])).toEqual([['backups', 'warning']]);
    expect(found[0]!.message).toBe(
      'Only practice leadership (Practice leadership) is Responsible for "Verify nightly backups", which is technical work',
    );
    const decision = edit((m) => {
      m.activities.push({
        id: 'it_budget',
        name: 'Approve the IT budget',
        function: 'it_strategy',
        coverage: 'business',
        sla: 'normal',
        practiceAccountable: true,
      });
      m.assignments.push({
        activity: 'it_budget',
        responsible: ['leadership'],
        accountable: ['leadership'],
        consulted: [],
        informed: [],
        escalation: [],
      });
    });
    expect(rules(decision)).toEqual([]);
  });
});

describe('duties HIPAA keeps with the covered entity', () => {
  const breach = (accountable: string, practiceAccountable: boolean) =>
    edit((m) => {
      m.activities.push({
        id: 'breach_notification',
        name: 'Decide on and send breach notifications',
        function: 'compliance_risk',
        coverage: 'business',
        sla: 'critical',
        practiceAccountable,
      });
      m.assignments.push({
        activity: 'breach_notification',
        responsible: ['leadership'],
        accountable: [accountable],
        consulted: ['msp-soc'],
        informed: [],
        escalation: [],
      });
      party(m, 'msp-desk').scope!.push('compliance_risk');
    });

  it('refuses the MSP as Accountable for breach notification, whatever the practice_accountable column says', () => {
    for (const column of [true, false]) {
      const found = check(breach('msp-desk', column));
      expect(found.map((f) => `${f.rule}:${f.severity}`)).toEqual(['covered_entity_duty:error']);
      expect(found[0]!.cells).toEqual([{ activity: 'breach_notification', party: 'msp-desk' }]);
      expect(found[0]!.message).toContain('is a duty HIPAA keeps with the practice');
    }
    expect(rules(breach('leadership', false))).toEqual([]);
  });

  it('finds a renamed activity by its name', () => {
    const renamed = edit((m) => {
      m.activities[0]!.name = 'Appoint the security official';
      row(m, 'accounts').accountable = ['msp-desk'];
    });
    expect(rules(renamed)).toEqual(['covered_entity_duty:accounts']);
  });

  it('wants exactly one security official, on the practice side', () => {
    const none = check(edit((m) => (party(m, 'leadership').securityOfficial = false)));
    expect(none).toMatchObject([{ rule: 'security_official', severity: 'warning', activity: '', cells: [] }]);
    expect(none[0]!.message).toBe('Nobody is marked as the HIPAA security official');
    const two = check(edit((m) => (party(m, 'dana').securityOfficial = true)));
    expect(two.map((f) => [f.rule, f.severity, f.message])).toEqual([
      [
        'security_official',
        'warning',
        '2 parties are marked as the HIPAA security official (Practice leadership and Dana (office IT))',
      ],
    ]);
    const msp = check(
      edit((m) => {
        party(m, 'leadership').securityOfficial = false;
        party(m, 'msp-soc').securityOfficial = true;
      }),
    );
    expect(msp.map((f) => [f.rule, f.severity, f.cells])).toEqual([
      ['security_official', 'error', [{ activity: '', party: 'msp-soc' }]],
    ]);
  });
});

describe('contract scope', () => {
  it('flags an MSP Accountable, not only Responsible, for work outside its scope', () => {
    const accountableOnly = edit((m) => Object.assign(row(m, 'accounts'), { accountable: ['leadership'] }));
    expect(rules(accountableOnly)).toEqual([]);
    const outside = check(
      edit((m) => {
        row(m, 'edr').accountable = ['msp-desk'];
      }),
    );
    expect(outside.map((f) => `${f.rule}:${f.activity}`)).toEqual(['outside_contract_scope:edr']);
    expect(outside[0]!.message).toBe(
      'MSP service desk is Accountable for "Triage EDR alerts", which its contract scope does not include (security_operations)',
    );
    const both = check(edit((m) => (party(m, 'msp-desk').scope = ['help_desk_it'])));
    expect(both.map((f) => f.message)).toEqual([
      'MSP service desk is Responsible and Accountable for "Verify nightly backups", which its contract scope does not include (backup_dr)',
    ]);
  });
});

describe('a split written "TBD"', () => {
  const overlap = (split?: string) =>
    edit((m) =>
      Object.assign(row(m, 'accounts'), {
        responsible: ['dana', 'msp-desk'],
        escalation: ['msp-soc', 'leadership'],
        ...(split === undefined ? {} : { split }),
      }),
    );
  it('is an unresolved split, itself a finding', () => {
    for (const split of ['TBD', 'tbd - ask the MSP', 'To be agreed', '?', '-', 'N/A'])
      expect(rules(overlap(split)), split).toEqual(['split_unresolved:accounts']);
    expect(check(overlap('TBD'))[0]!.message).toBe(
      '"Create and remove user accounts" has Responsible parties in 2 organisations and its split is still "TBD"',
    );
    expect(rules(overlap())).toEqual(['overlap_without_split:accounts']);
    expect(rules(overlap('Dana by day, the MSP desk after 6 p.m.'))).toEqual([]);
  });
});

describe('work concentrated on one person', () => {
  /** Dana alone does n more activities, the first `critical` of them critical. */
  const loaded = (n: number, critical: number, covered: boolean) =>
    edit((m) => {
      if (covered) party(m, 'msp-desk').covers = ['dana'];
      else party(m, 'msp-desk').covers = [];
      for (let i = 0; i < n; i++) {
        m.activities.push({
          id: `task-${i}`,
          name: `Task ${i}`,
          function: 'help_desk_it',
          coverage: 'business',
          sla: i < critical ? 'critical' : 'normal',
          practiceAccountable: false,
        });
        m.assignments.push({
          activity: `task-${i}`,
          responsible: ['dana'],
          accountable: ['leadership'],
          consulted: [],
          informed: [],
          escalation: ['msp-desk', 'leadership'],
        });
      }
    });
  const concentration = (input: MatrixInput) => check(input).filter((f) => f.rule === 'concentration');

  it('adds one finding for the person with the count and the critical ones', () => {
    // Dana already does "accounts": 1 + 9 = 10 activities, two of them critical, nobody covering.
    const [f, ...rest] = concentration(loaded(9, 2, false));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', activity: 'task-0' });
    expect(f!.message).toBe(
      'Dana (office IT) alone does 10 activities, 2 of them critical ("Task 0" and "Task 1"), and nobody covers for them',
    );
    expect(f!.cells).toHaveLength(10);
    expect(f!.cells[0]).toEqual({ activity: 'task-0', party: 'dana' });
    // The ten key-person warnings are still there, one per activity.
    expect(check(loaded(9, 2, false)).filter((x) => x.rule === 'key_person')).toHaveLength(10);
  });

  it('sets the severity by criticality, and stays quiet below five activities', () => {
    expect(concentration(loaded(9, 0, false)).map((f) => f.severity)).toEqual(['warning']);
    expect(concentration(loaded(9, 2, true)).map((f) => f.severity)).toEqual(['warning']);
    expect(concentration(loaded(4, 0, false)).map((f) => f.message)).toEqual([
      'Dana (office IT) alone does 5 activities, and nobody covers for them',
    ]);
    expect(concentration(loaded(3, 3, false))).toEqual([]);
  });
});
