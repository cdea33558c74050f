/** The queries several desk pages share: the practice's desks and the parties of its agreed matrix. */
import { useQuery } from '@tanstack/react-query';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { agreedParties, deskApi, desksKey, partiesKey } from './desk-api.ts';

export function useDesks() {
  const practice = usePractice();
  return useQuery({ queryKey: desksKey(practice.practiceId), queryFn: () => deskApi.desks(practice.practiceId) });
}

/** Holders to filter by or hand a ticket to; reading the matrix needs matrix.read, so none without it. */
export function useAgreedParties() {
  const practice = usePractice();
  return useQuery({
    queryKey: partiesKey(practice.practiceId),
    queryFn: () => agreedParties(practice.practiceId),
    enabled: can(practice, 'matrix.read'),
  });
}
