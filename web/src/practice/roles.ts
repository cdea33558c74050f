import type { z } from 'zod';
import { permissionSchema, roleSchema } from '../../../src/core/identity/schema.ts';

export type Role = z.infer<typeof roleSchema>;
export type Permission = z.infer<typeof permissionSchema>;

export const roleLabels: Record<Role, string> = {
  msp_admin: 'MSP administrator',
  msp_technician: 'MSP technician',
  internal_it: 'Internal IT',
  practice_admin: 'Practice administrator',
  practice_staff: 'Practice staff',
  auditor: 'Auditor',
};

export const roleOptions = roleSchema.options.map((role) => ({ value: role, label: roleLabels[role] }));

export function isRole(value: string | null): value is Role {
  return roleSchema.safeParse(value).success;
}

export const permissionLabels: Record<Permission, string> = {
  'practice.read': 'Read the practice',
  'practice.update': 'Change the practice',
  'users.read': 'See people and roles',
  'users.manage': 'Manage people and roles',
  'tokens.manage': 'Manage API tokens',
  'audit.read': 'Read the audit log',
  'phi.read': 'Read patient data (PHI)',
  'phi.share': 'Let MSP staff see patient details',
  'assessments.read': 'Read sourcing assessments',
  'assessments.run': 'Run sourcing assessments',
  'matrix.read': 'Read the responsibility matrix',
  'matrix.edit': 'Edit the responsibility matrix',
  'matrix.propose': 'Propose matrix changes',
  'matrix.agree': 'Agree matrix changes',
  'tickets.create': 'File tickets',
  'tickets.work': 'Work tickets',
  'monitoring.read': 'See monitoring checks',
  'monitoring.manage': 'Manage monitoring checks',
  'devices.read': 'See the device inventory',
  'devices.manage': 'Manage the device inventory',
};
