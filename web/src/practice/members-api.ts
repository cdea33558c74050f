import { z } from 'zod';
import {
  invitationCreatedSchema,
  invitationPageSchema,
  invitationSchema,
  memberPageSchema,
  memberSchema,
  mfaResetSchema,
  passwordResetSchema,
} from '../../../src/core/identity/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';
import type { Role } from './roles.ts';

export type Member = z.infer<typeof memberSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;

export const membersKey = (practiceId: string) => ['practice', practiceId, 'members'] as const;
export const invitationsKey = (practiceId: string) => ['practice', practiceId, 'invitations'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/members`;

export const membersApi = {
  list: (practiceId: string) => allPages(memberPageSchema, base(practiceId), (page) => page.members),
  invite: (practiceId: string, body: { email: string; displayName: string; role: Role }) =>
    apiRequest(invitationCreatedSchema, base(practiceId), { method: 'POST', body }),
  changeRole: (practiceId: string, userId: string, role: Role) =>
    apiRequest(memberSchema, `${base(practiceId)}/${userId}`, { method: 'PATCH', body: { role } }),
  remove: (practiceId: string, userId: string) =>
    apiRequest(z.null(), `${base(practiceId)}/${userId}`, { method: 'DELETE' }),
  resetPassword: (practiceId: string, userId: string) =>
    apiRequest(passwordResetSchema, `${base(practiceId)}/${userId}/password-reset`, { method: 'POST' }),
  resetMfa: (practiceId: string, userId: string) =>
    apiRequest(mfaResetSchema, `${base(practiceId)}/${userId}/mfa-reset`, { method: 'POST' }),
  setDisabled: (practiceId: string, userId: string, disabled: boolean) =>
    apiRequest(memberSchema, `${base(practiceId)}/${userId}/disabled`, { method: 'PUT', body: { disabled } }),
  invitations: (practiceId: string) =>
    allPages(invitationPageSchema, `/api/v1/practices/${practiceId}/invitations`, (page) => page.invitations),
  resend: (practiceId: string, invitationId: string) =>
    apiRequest(invitationCreatedSchema, `/api/v1/practices/${practiceId}/invitations/${invitationId}/resend`, {
      method: 'POST',
    }),
  withdraw: (practiceId: string, invitationId: string) =>
    apiRequest(invitationSchema, `/api/v1/practices/${practiceId}/invitations/${invitationId}`, { method: 'DELETE' }),
};
