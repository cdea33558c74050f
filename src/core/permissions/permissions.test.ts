import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionTableMarkdown } from './permission-table.ts';
import { mfaRequiredRoles, roleCan, roles } from './permissions.ts';

describe('permission matrix', () => {
  it('is what docs/security.md documents', () => {
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const between = /<!-- permission-table:start -->\n([\s\S]*?)\n<!-- permission-table:end -->/.exec(doc)?.[1];
    expect(between).toBe(permissionTableMarkdown());
  });

  it('gives the auditor read-only access including the audit log', () => {
    expect(roleCan('auditor', 'audit.read')).toBe(true);
    for (const write of ['practice.update', 'users.manage', 'tokens.manage', 'matrix.edit', 'tickets.create', 'phi.read'] as const) {
      expect(roleCan('auditor', write)).toBe(false);
    }
  });

  it('lets practice staff file tickets and nothing else beyond reading the practice', () => {
    const allowed = ['practice.read', 'tickets.create'];
    for (const role of roles.filter((r) => r === 'practice_staff')) {
      expect(allowed.every((p) => roleCan(role, p as 'practice.read'))).toBe(true);
    }
    expect(roleCan('practice_staff', 'users.read')).toBe(false);
  });

  it('requires MFA for exactly the IT roles', () => {
    expect([...mfaRequiredRoles].sort()).toEqual(['internal_it', 'msp_admin', 'msp_technician']);
  });
});
