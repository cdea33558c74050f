import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { forgetSession } from './session.ts';

/** Ends this session on the server, forgets it here and shows the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => apiRequest(z.object({ ok: z.literal(true) }), '/api/v1/auth/sign-out', { method: 'POST' }),
    onSettled: () => {
      const end = { notice: 'You have signed out.' };
      forgetSession(queryClient, end);
      void navigate('/sign-in', { replace: true, state: end });
    },
  });
}
