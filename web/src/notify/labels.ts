/** What people read for each notice event and status. */
import { formatDateTime } from '../ui/format.ts';
import type { Notice, NoticeStatus } from './notify-api.ts';

type NoticeEvent = Notice['event'];

export const eventLabels: Record<NoticeEvent, { title: string; description: string }> = {
  'account.invited': {
    title: 'Invitations',
    description: 'Someone invites you to a practice.',
  },
  'account.password_reset': {
    title: 'Password reset',
    description: 'You ask for a link to choose a new password.',
  },
  'account.mfa_changed': {
    title: 'Two-step sign-in changed',
    description:
      'An authenticator is added or replaced, new recovery codes are issued, or two-step sign-in is turned off or reset.',
  },
  'account.new_device': {
    title: 'Sign-in from a new device',
    description: 'Your account is signed in to from a browser it has not been used from before.',
  },
  'account.job_finished': {
    title: 'Long job finished',
    description: 'A long job you started (such as an encryption key rotation) finishes, or fails.',
  },
  'matrix.proposed': {
    title: 'Matrix proposed',
    description: 'The other side proposes a version of the responsibility matrix for your agreement.',
  },
  'matrix.agreed': {
    title: 'Matrix agreed',
    description: 'The other side agrees to a version of the responsibility matrix, or it comes into force.',
  },
  'matrix.superseded': {
    title: 'Matrix replaced',
    description: 'A newer version of the responsibility matrix replaces the one in force.',
  },
  'monitor.down': {
    title: 'Check down',
    description: 'A monitoring check you are on duty for goes down, and its incident ticket opens.',
  },
  'monitor.up': {
    title: 'Check up again',
    description: 'A monitoring check you were told was down is up again; its incident ticket is resolved.',
  },
  'backup.overdue': {
    title: 'Backup overdue',
    description: 'A backup job you are on duty for has no good copy inside its RPO, and its incident ticket opens.',
  },
  'backup.restored': {
    title: 'Backup fresh again',
    description: 'A backup job you were told was overdue has a good copy again; its incident ticket is resolved.',
  },
  'backup.restore_test_overdue': {
    title: 'Restore test overdue',
    description: 'A protected system you are on duty for is past its restore-test schedule, and a ticket opens.',
  },
  'backup.restore_test_done': {
    title: 'Restore test done',
    description: 'An overdue restore test was recorded and passed; its ticket is resolved.',
  },
  'desk.sla_warning': {
    title: 'Ticket SLA warning',
    description: 'A ticket your side holds has used most of its response or resolution time.',
  },
  'desk.sla_breached': {
    title: 'Ticket SLA breached',
    description: 'A ticket your side holds missed its target, or was escalated further.',
  },
  'desk.ticket_replied': {
    title: 'Reply on your ticket',
    description: 'Someone answered a ticket you opened; reply to the email to answer back.',
  },
  'desk.ticket_resolved': {
    title: 'Your ticket resolved',
    description: 'A ticket you opened was resolved, with a one-click rating.',
  },
  'desk.intake_received': {
    title: 'Patient request received',
    description: 'To a patient who used the intake form: their request’s number and follow link.',
  },
  'desk.intake_replied': {
    title: 'Reply to a patient request',
    description:
      'To a patient who used the intake form: the practice replied (never the reply’s text), with a follow link.',
  },
  'desk.intake_resolved': {
    title: 'Patient request resolved',
    description: 'To a patient who used the intake form: their request was resolved, with a follow link.',
  },
};

/** Why a required event cannot be turned off or delayed (the server refuses it too). */
export const requiredReason =
  'Always emailed at once: it holds a link only you should use, or tells you of a change to your account’s security, so it cannot wait for a digest or be turned off.';

export const statusLabels: Record<NoticeStatus, { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'blue' },
  held: { label: 'Held (digest or quiet hours)', color: 'gray' },
  sent: { label: 'Delivered', color: 'green' },
  outbox: { label: 'In outbox', color: 'yellow' },
  failed: { label: 'Failed', color: 'red' },
};

/**
 * A notice's status in words: a held notice is held for the digest, or (heldUntil set) for its
 * recipient's quiet hours, until when; a sent one that was held says until when it waited.
 */
export function noticeStatus(notice: Pick<Notice, 'status' | 'heldUntil'>): { label: string; color: string } {
  const base = statusLabels[notice.status];
  if (!notice.heldUntil) return base;
  const until = formatDateTime(notice.heldUntil);
  return notice.status === 'held'
    ? { label: `Quiet hours, until ${until}`, color: 'grape' }
    : { ...base, label: `${base.label} (held for quiet hours until ${until})` };
}
