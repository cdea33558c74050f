import { z } from 'zod';
import { memberCreatedSchema, memberSchema } from '../../../src/core/identity/schema.ts';
import { apiRequest } from '../api/client.ts';
import type { Role } from './roles.ts';

export type Member = z.infer<typeof memberSchema>;
export type MemberCreated = z.infer<typeof memberCreatedSchema>;

export const membersKey = (practiceId: string) => ['practice', practiceId, 'members'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/members`;

export const membersApi = {
  list: (practiceId: string) => apiRequest(z.array(memberSchema), base(practiceId)),
  add: (practiceId: string, body: { email: string; displayName: string; role: Role }) =>
    apiRequest(memberCreatedSchema, base(practiceId), { method: 'POST', body }),
  changeRole: (practiceId: string, userId: string, role: Role) =>
    apiRequest(memberSchema, `${base(practiceId)}/${userId}`, { method: 'PATCH', body: { role } }),
  remove: (practiceId: string, userId: string) =>
    apiRequest(z.null(), `${base(practiceId)}/${userId}`, { method: 'DELETE' }),
};
