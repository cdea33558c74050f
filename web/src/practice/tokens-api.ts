import { z } from 'zod';
import { apiTokenCreatedSchema, apiTokenPageSchema, apiTokenSchema } from '../../../src/core/identity/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';
import type { Permission } from './roles.ts';

export type ApiToken = z.infer<typeof apiTokenSchema>;
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

export const tokensKey = (practiceId: string) => ['practice', practiceId, 'api-tokens'] as const;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/api-tokens`;

export const tokensApi = {
  list: (practiceId: string) => allPages(apiTokenPageSchema, base(practiceId), (page) => page.apiTokens),
  create: (practiceId: string, body: { name: string; permissions: Permission[]; expiresInDays: number | null }) =>
    apiRequest(apiTokenCreatedSchema, base(practiceId), { method: 'POST', body }),
  revoke: (practiceId: string, tokenId: string) =>
    apiRequest(apiTokenSchema, `${base(practiceId)}/${tokenId}`, { method: 'DELETE' }),
};

export function tokenState(token: ApiToken, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}
