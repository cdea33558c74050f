/** Which navigation entries each viewer sees (web/src/layout/navigation.ts): none that would only refuse them. */
import { describe, expect, it } from 'vitest';
import { navigationFor, type Viewer } from '../../web/src/layout/navigation.ts';

const practice = (permissions: string[]) =>
  ({
    practiceId: '00000000-0000-4000-8000-000000000001',
    practiceName: 'Alder',
    role: 'practice_admin',
    permissions,
  }) as Viewer['practice'];

const paths = (viewer: Viewer) => navigationFor(viewer).flatMap((s) => s.entries.map((e) => e.path));

describe('navigation for a viewer', () => {
  it('shows the outbox to those who may manage people in the current practice, failed jobs and organisation webhooks to organisation administrators', () => {
    const admin = paths({ orgAdmin: true, practice: practice(['users.read', 'users.manage']) });
    expect(admin).toContain('/practice/outbox');
    expect(admin).toContain('/system/jobs');
    expect(admin).toContain('/system/webhooks');
  });

  it('leaves both out for staff of a practice, and the outbox out when there is no practice', () => {
    const staff = paths({ orgAdmin: false, practice: practice(['users.read']) });
    expect(staff).not.toContain('/practice/outbox');
    expect(staff).not.toContain('/system/jobs');
    expect(staff).not.toContain('/system/webhooks');
    expect(staff).toContain('/practice/people');
    expect(staff).toContain('/account/sessions');
    expect(paths({ orgAdmin: true, practice: null })).not.toContain('/practice/outbox');
  });

  it('shows the service desk to those who may file tickets in the current practice', () => {
    expect(paths({ orgAdmin: false, practice: practice(['tickets.create']) })).toContain('/practice/desk');
    expect(paths({ orgAdmin: false, practice: practice(['users.read', 'audit.read']) })).not.toContain(
      '/practice/desk',
    );
    expect(paths({ orgAdmin: true, practice: null })).not.toContain('/practice/desk');
  });

  it('keeps every other entry, in order, for everyone', () => {
    const everyone = paths({ orgAdmin: false, practice: null });
    const all = paths({
      orgAdmin: true,
      practice: practice(['users.manage', 'monitoring.read', 'devices.read']),
    });
    const forSome = [
      '/practice/outbox',
      '/system/jobs',
      '/system/webhooks',
      '/overview',
      '/monitoring',
      '/practice/backups',
      '/practice/devices',
    ];
    expect(all.filter((p) => !forSome.includes(p))).toEqual(everyone);
  });

  it('shows monitoring to those who may read checks in the current practice', () => {
    expect(paths({ orgAdmin: false, practice: practice(['monitoring.read']) })).toContain('/monitoring');
    expect(paths({ orgAdmin: false, practice: practice(['monitoring.read']) })).toContain('/overview');
    expect(paths({ orgAdmin: false, practice: practice(['tickets.create']) })).not.toContain('/overview');
    expect(paths({ orgAdmin: false, practice: practice(['tickets.create']) })).not.toContain('/monitoring');
  });

  it('shows backups to those who may read checks in the current practice (the same people watch both)', () => {
    expect(paths({ orgAdmin: false, practice: practice(['monitoring.read']) })).toContain('/practice/backups');
    expect(paths({ orgAdmin: false, practice: practice(['tickets.create']) })).not.toContain('/practice/backups');
  });

  it('shows devices to those who may read the inventory of the current practice', () => {
    expect(paths({ orgAdmin: false, practice: practice(['devices.read']) })).toContain('/practice/devices');
    expect(paths({ orgAdmin: false, practice: null })).not.toContain('/practice/devices');
  });
});
