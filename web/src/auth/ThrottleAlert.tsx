import { Alert } from '@mantine/core';
import { formatWait } from '../ui/useCountdown.ts';

/** Shown while failed attempts are throttled: how long until the next try. */
export function ThrottleAlert({ remaining }: { remaining: number }) {
  if (remaining <= 0) return null;
  return (
    <Alert color="orange" title="Too many failed attempts" role="alert">
      For your security, further attempts are paused. Try again in {formatWait(remaining)}.
    </Alert>
  );
}
