/**
 * The permission matrix: the one place that says what each role may do in a practice.
 * docs/security.md renders this table; a test checks the two agree.
 */
export const roles = ['msp_admin', 'msp_technician', 'internal_it', 'practice_admin', 'practice_staff', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'practice.read',
  'practice.update',
  'users.read',
  'users.manage',
  'tokens.manage',
  'audit.read',
  'phi.read',
  /** Decide whether MSP staff see patient details on the service desk (minimum necessary). */
  'phi.share',
  'assessments.read',
  'assessments.run',
  'matrix.read',
  'matrix.edit',
  'matrix.propose',
  'matrix.agree',
  'tickets.create',
  'tickets.work',
  'monitoring.read',
  'monitoring.manage',
  'devices.read',
  'devices.manage',
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ['practice.read', 'devices.read'];
const itWork: Permission[] = ['users.read', 'assessments.read', 'assessments.run', 'matrix.read', 'matrix.edit', 'tickets.create', 'tickets.work', 'phi.read', 'monitoring.read', 'monitoring.manage', 'devices.manage'];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  msp_admin: new Set([...everyone, ...itWork, 'practice.update', 'users.manage', 'tokens.manage', 'audit.read', 'matrix.propose', 'matrix.agree']),
  msp_technician: new Set([...everyone, ...itWork]),
  internal_it: new Set([...everyone, ...itWork]),
  practice_admin: new Set([
    ...everyone,
    'practice.update',
    'users.read',
    'users.manage',
    'tokens.manage',
    'audit.read',
    'phi.read',
    'phi.share',
    'assessments.read',
    'assessments.run',
    'matrix.read',
    'matrix.edit',
    'matrix.propose',
    'matrix.agree',
    'tickets.create',
    'monitoring.read',
    'monitoring.manage',
    'devices.manage',
  ]),
  practice_staff: new Set([...everyone, 'tickets.create']),
  auditor: new Set([...everyone, 'users.read', 'audit.read', 'assessments.read', 'matrix.read', 'monitoring.read']),
};

/** Roles whose accounts must have TOTP MFA before they can do anything but enrol. */
export const mfaRequiredRoles: ReadonlySet<Role> = new Set(['msp_admin', 'msp_technician', 'internal_it']);

export function roleCan(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

/** What a role may do, in the order of `permissions` (the session view hands it to clients). */
export function permissionsOf(role: Role): Permission[] {
  return permissions.filter((permission) => rolePermissions[role].has(permission));
}

/** Which side of a co-managed arrangement a role belongs to (the matrix needs both to agree). */
export function sideOf(role: Role): 'msp' | 'practice' {
  return role === 'msp_admin' || role === 'msp_technician' ? 'msp' : 'practice';
}
