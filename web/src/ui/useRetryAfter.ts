import { useCallback, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useCountdown } from './useCountdown.ts';

/** Remembers the Retry-After of the last 429 and counts it down. */
export function useRetryAfter(): { remaining: number; note: (err: unknown) => void } {
  const [deadline, setDeadline] = useState<number | null>(null);
  const remaining = useCountdown(deadline);
  const note = useCallback((err: unknown) => {
    if (err instanceof ApiError && err.status === 429)
      setDeadline(Date.now() + Math.max(1, err.retryAfterSeconds ?? 1) * 1000);
  }, []);
  return { remaining, note };
}
