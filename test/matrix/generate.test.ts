/**
 * Drafts from the advisor (issue 5, point 4; issue 15): each example's recommendation becomes a
 * matrix with the practice's time zone, its named staff with the cover the profile declares, and
 * the MSP's contract scope as the recommendation sets it, so the draft's findings are the
 * practice's real ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvToMatrix, matrixToCsv } from '../../src/matrix/csv.ts';
import { staffParties } from '../../src/matrix/draft-staff.ts';
import { draftMatrix } from '../../src/matrix/generate.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import type { Assessment } from '../../src/advisor/engine/assessment-schema.ts';
import { assess } from '../../src/advisor/engine/assess.ts';
import { parseProfileText } from '../../src/advisor/engine/profile/profile-text.ts';

const examples = path.join(import.meta.dirname, '..', '..', 'examples');
const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));

function assessed(file: string) {
  const profile = parseProfileText(readFileSync(path.join(examples, file), 'utf8'));
  return { profile, assessment: assess(profile, { iterations: 1000 }) };
}

function draftOf(file: string, timeZone = 'America/Chicago') {
  const { profile, assessment } = assessed(file);
  return { assessment, matrix: draftMatrix(assessment, { timeZone, staff: profile.staff }) };
}

const keyPersonRows = (m: ReturnType<typeof draftMatrix>) =>
  validateMatrix(m)
    .filter((f) => f.rule === 'key_person')
    .map((f) => `${f.cells[0]!.party}:${f.activity}`);

describe('draftMatrix', () => {
  it.each(files)('%s: has no errors, round-trips through CSV and covers every assessed function', (file) => {
    const { assessment, matrix } = draftOf(file);
    // The only errors a draft may carry are the practice's own: critical work resting on someone the
    // profile says nobody can cover (concentration), and round-the-clock work of a function the
    // recommendation keeps in-house, which only the MSP's night team could do (outside its scope).
    const practiceOwn = new Set(['concentration', 'outside_contract_scope']);
    expect(validateMatrix(matrix).filter((f) => f.severity === 'error' && !practiceOwn.has(f.rule))).toEqual([]);
    expect(csvToMatrix(matrixToCsv(matrix))).toEqual({ ok: true, matrix });
    const functions = new Set(matrix.activities.map((a) => a.function));
    expect([...functions].sort()).toEqual(assessment.functions.map((f) => f.id).sort());
  });

  it.each(files)('%s: every 24x7 row escalates to a party awake at night', (file) => {
    const { matrix } = draftOf(file);
    const party = new Map(matrix.parties.map((p) => [p.id, p]));
    const row = new Map(matrix.assignments.map((a) => [a.activity, a]));
    const night = matrix.activities.filter((a) => a.coverage === '24x7');
    expect(night.length).toBeGreaterThan(0);
    for (const a of night)
      expect(
        row.get(a.id)!.escalation.some((id) => party.get(id)!.coverage === '24x7'),
        a.id,
      ).toBe(true);
  });

  it("keeps business hours in the practice's time zone: a Chicago practice gets Chicago hours", () => {
    const { matrix } = draftOf('medical-15-infra-cto.yaml', 'America/Chicago');
    expect(matrix.hours).toEqual({ timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' });
    const hoursLine = matrixToCsv(matrix)
      .split('\r\n')
      .find((l) => l.startsWith('hours,'));
    expect(hoursLine).toContain(',America/Chicago,');
    expect(draftOf('medical-15-infra-cto.yaml', 'Europe/London').matrix.hours.timeZone).toBe('Europe/London');
  });

  it('drafts the named IT coordinator the profile says nobody covers: every row resting on them alone is a finding', () => {
    const { matrix } = draftOf('medical-15-infra-cto.yaml');
    const jordan = matrix.parties.find((p) => p.id === 'jordan-blake');
    expect(jordan).toMatchObject({ name: 'Jordan Blake', role: 'IT coordinator', side: 'internal_it', kind: 'person' });
    expect(matrix.parties.some((p) => p.covers.includes('jordan-blake'))).toBe(false);
    // Help desk and devices are co-managed; the catalog gives internal IT these eight activities.
    expect(keyPersonRows(matrix)).toEqual([
      'jordan-blake:triage',
      'jordan-blake:accounts',
      'jordan-blake:password_resets',
      'jordan-blake:offboarding',
      'jordan-blake:provisioning',
      'jordan-blake:peripherals',
      'jordan-blake:device_inventory',
      'jordan-blake:media_disposal',
    ]);
    expect(matrix.parties.some((p) => p.id === 'internal-it')).toBe(false);
  });

  it('names cover where the profile says there is some: the MSP desk covers the desktop technician, nobody the sysadmin', () => {
    const { matrix } = draftOf('group-40-co-managed.yaml');
    const party = new Map(matrix.parties.map((p) => [p.id, p]));
    expect(party.get('chris-tan')).toMatchObject({ name: 'Chris Tan', role: 'Desktop support technician' });
    expect(party.get('msp-service-desk')!.covers).toEqual(['chris-tan']);
    // Pat Alvarez alone does the internal side of infrastructure, backup and vendor management, uncovered.
    expect(keyPersonRows(matrix)).toEqual([
      'pat-alvarez:changes',
      'pat-alvarez:wifi',
      'pat-alvarez:phones',
      'pat-alvarez:dr_plan',
      'pat-alvarez:restore_requests',
      'pat-alvarez:contracts',
      'pat-alvarez:vendor_contacts',
    ]);
  });

  it('gives every MSP team the contract scope of the recommendation, so night work for an in-house function is out of contract', () => {
    const { profile, assessment } = assessed('medical-15-infra-cto.yaml');
    // Backup kept in-house while the MSP monitors around the clock.
    const changed: Assessment = {
      ...assessment,
      functions: assessment.functions.map((f) => (f.id === 'backup_dr' ? { ...f, recommended: 'in_house' } : f)),
    };
    const matrix = draftMatrix(changed, { timeZone: 'America/Chicago', staff: profile.staff });
    const mspFunctions = changed.functions.filter((f) => f.recommended !== 'in_house').map((f) => f.id);
    expect(mspFunctions).not.toContain('backup_dr');
    for (const p of matrix.parties.filter((x) => x.side === 'msp')) expect(p.scope, p.id).toEqual(mspFunctions);
    const outside = validateMatrix(matrix).filter((f) => f.rule === 'outside_contract_scope');
    expect(outside.map((f) => [f.severity, f.activity, f.cells[0]!.party])).toEqual([
      ['error', 'verify_nightly_backups', 'msp-noc'],
    ]);
    // Nobody on staff does backups: the draft says so instead of inventing a person.
    expect(matrix.parties.find((p) => p.id === 'internal-it')?.name).toBe(
      'Internal IT (nobody on staff has the skill yet)',
    );
  });

  it("follows each function's recommended option", () => {
    const { assessment, matrix } = draftOf('group-180-it-department.yaml');
    const party = new Map(matrix.parties.map((p) => [p.id, p]));
    const row = new Map(matrix.assignments.map((a) => [a.activity, a]));
    for (const f of assessment.functions) {
      const sides = matrix.activities
        .filter((a) => a.function === f.id)
        .map((a) => party.get(row.get(a.id)!.responsible[0]!)!.side);
      if (f.recommended === 'fully_managed')
        expect(
          sides.filter((s) => s === 'internal_it'),
          f.id,
        ).toEqual([]);
      if (f.recommended === 'in_house' && f.id === 'help_desk_it')
        expect(
          sides.every((s) => s === 'internal_it' || s === 'practice'),
          f.id,
        ).toBe(true);
    }
    // The five people skilled in the IT help desk share its work; their IT director answers for it.
    expect(row.get('triage')).toMatchObject({
      responsible: [
        'service-desk-lead',
        'help-desk-technician-1',
        'help-desk-technician-2',
        'help-desk-technician-3',
        'help-desk-technician-4',
      ],
      accountable: ['it-director'],
    });
    // The practice stays accountable for what HIPAA keeps with it.
    for (const a of matrix.activities.filter((x) => x.practiceAccountable))
      expect(party.get(row.get(a.id)!.accountable[0]!)!.side).toBe('practice');
    expect(matrix.parties.filter((p) => p.securityOfficial).map((p) => p.id)).toEqual(['practice-leadership']);
  });
});

describe('staffParties', () => {
  it('names each person by name, else title, else numbered role, with ids unique against those taken', () => {
    const skills = ['help_desk_it'] as const;
    const parties = staffParties(
      [
        { role: 'help_desk', fte: 1, skills: [...skills], canBeCovered: false },
        { role: 'help_desk', fte: 1, skills: [...skills], canBeCovered: true },
        { role: 'sysadmin', fte: 1, skills: ['servers_network'], canBeCovered: false },
        {
          role: 'it_manager',
          name: 'Ana Ruiz',
          title: 'Head of IT',
          fte: 1,
          skills: ['it_strategy'],
          canBeCovered: false,
        },
        { role: 'help_desk', name: 'Ana Ruiz', fte: 0.5, skills: [...skills], canBeCovered: false },
        { role: 'help_desk', title: 'MSP service desk', fte: 1, skills: [...skills], canBeCovered: false },
      ],
      new Set(['msp-service-desk']),
    );
    expect(parties.map((p) => [p.party.id, p.party.name, p.party.role ?? null, p.isManager])).toEqual([
      ['help-desk-technician-1', 'Help desk technician 1', null, false],
      ['help-desk-technician-2', 'Help desk technician 2', null, false],
      ['systems-administrator', 'Systems administrator', null, false],
      ['ana-ruiz', 'Ana Ruiz', 'Head of IT', true],
      ['ana-ruiz-2', 'Ana Ruiz', 'Help desk technician', false],
      ['msp-service-desk-2', 'MSP service desk', null, false],
    ]);
    expect(parties.every((p) => p.party.kind === 'person' && p.party.side === 'internal_it')).toBe(true);
  });
});
