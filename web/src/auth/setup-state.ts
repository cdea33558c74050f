/**
 * Whether first-run setup is still open (and, given the one-time link's token, whether that link
 * is valid), read from GET /api/v1/setup by the root page, the sign-in page and the setup page.
 */
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';

const setupStateSchema = z.object({ needed: z.boolean(), linkValid: z.boolean() });

/** Every setup state the app holds: forget them all once setup is done. */
export const setupStateKey = ['setup'] as const;

export function useSetupState(token?: string) {
  return useQuery({
    queryKey: [...setupStateKey, token ?? null],
    queryFn: () => apiRequest(setupStateSchema, '/api/v1/setup', token === undefined ? {} : { query: { token } }),
  });
}
