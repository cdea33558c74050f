/**
 * What the sign-in pages pass each other in the router's location state: where the user was
 * going, a notice to show (signed out, idle timeout, password set) and an email to prefill.
 */
import { z } from 'zod';
import type { SignInStatus } from './session.ts';

const authStateSchema = z
  .object({
    from: z.string().optional(),
    notice: z.string().optional(),
    email: z.string().optional(),
  })
  .catch({});

export type AuthState = z.infer<typeof authStateSchema>;

export function readAuthState(state: unknown): AuthState {
  const parsed = authStateSchema.parse(state ?? {});
  return { ...parsed, from: safeFrom(parsed.from) };
}

const authPaths = ['/sign-in', '/set-password', '/forgot-password', '/reset-password', '/setup'];

/** Only same-site paths, and never back into the sign-in pages. */
function safeFrom(from: string | undefined): string | undefined {
  if (!from || !from.startsWith('/') || from.startsWith('//')) return undefined;
  if (authPaths.some((p) => from === p || from.startsWith(`${p}/`) || from.startsWith(`${p}?`))) return undefined;
  return from;
}

/** Where a session with this status belongs next. */
export function nextPathFor(status: SignInStatus, from: string | undefined): string {
  if (status === 'mfa_required') return '/sign-in/mfa';
  if (status === 'mfa_enrolment_required') return '/account/mfa';
  return from ?? '/home';
}
