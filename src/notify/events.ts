/**
 * What Tandem tells people about, one template per event. A template gets only the fields its
 * event declares (names of practices and people, version numbers, links), never a record, so no
 * patient data can reach an email's subject or body. Text and HTML come from the same content.
 */
import type { MfaChange } from '../core/identity/mfa-enrolment.ts';

export const noticeEvents = [
  'account.invited',
  'account.password_reset',
  'account.mfa_changed',
  'account.new_device',
  'account.job_finished',
  'matrix.proposed',
  'matrix.agreed',
  'matrix.superseded',
  'monitor.down',
  'monitor.up',
  'backup.overdue',
  'backup.restored',
  'backup.restore_test_overdue',
  'backup.restore_test_done',
  'desk.sla_warning',
  'desk.sla_breached',
  'desk.ticket_replied',
  'desk.ticket_resolved',
  'desk.intake_received',
  'desk.intake_replied',
  'desk.intake_resolved',
] as const;
export type NoticeEvent = (typeof noticeEvents)[number];

/**
 * Events a person may not turn off or delay: they carry a link only that person should use, or
 * tell them of a change to their own account's security.
 */
export const requiredEvents: ReadonlySet<NoticeEvent> = new Set([
  'account.invited',
  'account.password_reset',
  'account.mfa_changed',
  'account.new_device',
]);

/** Events whose link is a credential for the recipient alone: nobody else may read it in a notice list. */
export const personalLinkEvents: ReadonlySet<NoticeEvent> = new Set([
  'account.invited',
  'account.password_reset',
  'desk.intake_received',
  'desk.intake_replied',
  'desk.intake_resolved',
]);

/**
 * Events for someone without an account (a patient who used the intake form): nobody chooses
 * them in their preferences, and no webhook hears of them (their link follows one patient's ticket).
 */
export const patientEvents: ReadonlySet<NoticeEvent> = new Set([
  'desk.intake_received',
  'desk.intake_replied',
  'desk.intake_resolved',
]);

/** A body with every link token replaced, for showing a personal-link notice to someone else. */
export function withholdTokens(body: string): string {
  return body.replace(/([?&#](?:amp;)?token=)[^\s"'&<]+/g, '$1withheld');
}

export interface NoticeContent {
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
  /** Why the recipient gets it, when not for their account (a patient has none). */
  footer?: string;
}

/** What each change to the second factor says happened, and when (no code or secret is ever in it). */
function mfaChangeSentence(change: MfaChange, at: Date): string {
  const when = at.toUTCString();
  const newCodes = 'New recovery codes were issued; earlier ones no longer work.';
  switch (change) {
    case 'enrolled':
    case 'replaced': {
      const how = change === 'enrolled' ? 'set up' : 'set up in place of the previous one';
      return `An authenticator app was ${how} for two-step sign-in on your Tandem account on ${when}. ${newCodes}`;
    }
    case 'recovery_codes':
      return `New recovery codes were issued for your Tandem account on ${when}; the earlier ones no longer work.`;
    case 'turned_off':
      return `Two-step sign-in was turned off for your Tandem account on ${when}: your password alone now signs in.`;
    case 'reset_by_admin':
      return `An administrator reset two-step sign-in for your Tandem account on ${when}: your authenticator app and recovery codes no longer work and your sessions were ended. Sign in again to set up a new authenticator.`;
  }
}

type Side = 'msp' | 'practice';
const sideName = (side: Side) => (side === 'msp' ? 'the MSP' : 'the practice');

export interface EventParams {
  'account.invited': { practiceName: string; inviterName: string; role: string; acceptUrl: string; expiresAt: Date };
  'account.password_reset': { resetUrl: string; expiresAt: Date; mfaEnabled: boolean };
  'account.mfa_changed': { change: MfaChange; at: Date; sessionsUrl: string };
  'account.new_device': { at: Date; browser: string; ip: string | null; sessionsUrl: string };
  'account.job_finished': { job: string; succeeded: boolean; outcome: string; at: Date; url: string };
  'matrix.proposed': { practiceName: string; version: number; by: Side; byName: string; url: string; note?: string };
  'matrix.agreed': { practiceName: string; version: number; by: Side; byName: string; inForce: boolean; url: string };
  'matrix.superseded': { practiceName: string; version: number; newVersion: number; url: string };
  'monitor.down': { practiceName: string; checkName: string; since: Date; reason: string; onDuty: string; url: string };
  'monitor.up': { practiceName: string; checkName: string; since: Date; downMinutes: number; url: string };
  'backup.overdue': BackupParams & { reason: string; onDuty: string };
  'backup.restored': BackupParams & { overdueMinutes: number };
  'backup.restore_test_overdue': RestoreTestParams & { lastPassed: Date | null; onDuty: string };
  'backup.restore_test_done': RestoreTestParams;
  'desk.sla_warning': DeskSlaParams;
  'desk.sla_breached': DeskSlaParams & { actions: string[] };
  'desk.ticket_replied': RequesterTicketParams & { by: string; replyText: string | null };
  'desk.ticket_resolved': RequesterTicketParams & { rateGoodUrl: string; rateBadUrl: string };
  /** To a patient who gave an email on the intake form: no patient data, only whose and which ticket, and the link. */
  'desk.intake_received': PatientTicketParams;
  /** To that patient when the practice replies publicly: that there is a reply, never its text. */
  'desk.intake_replied': PatientTicketParams;
  /** To that patient when the request is resolved. */
  'desk.intake_resolved': PatientTicketParams;
}

/** All a patient's email may hold: the practice's name, the ticket's number and a follow link (with its own token). */
export interface PatientTicketParams {
  practiceName: string;
  ticketReference: string;
  followUrl: string;
}

/**
 * A ticket's news for its requester. `title` and the reply's text are null on a patient-desk
 * ticket: its text is patient data, which never goes by email ("you have a reply, open Tandem").
 */
export interface RequesterTicketParams {
  practiceName: string;
  deskName: string;
  ticketId: string;
  ticketReference: string;
  title: string | null;
  url: string;
}

/** Threading headers of a ticket email (notify's `headers`): replies come back to the ticket. */
export interface MailHeaders {
  replyTo: string;
  inReplyTo: string;
  references: string;
}

/**
 * The line above which an emailed reply is read (src/mail/quoted-text.ts cuts there too): mail
 * programs quote the whole email below the reader's answer.
 */
export const replyAboveLine = '-- Reply above this line to answer on the ticket --';

const requesterTicketRef = (p: RequesterTicketParams) =>
  p.title === null ? `ticket ${p.ticketReference}` : `ticket ${p.ticketReference}: ${p.title}`;

/** A backup job's notice: its name, its system's name and the practice's, never what the backup holds. */
export interface BackupParams {
  practiceName: string;
  jobName: string;
  systemName: string;
  since: Date;
  url: string;
}

/** A protected system's restore-test notice: the system and when the test was (or is) due. */
export interface RestoreTestParams {
  practiceName: string;
  systemName: string;
  /** When the test fell due. */
  since: Date;
  url: string;
}

/**
 * A ticket's SLA notice: which ticket (by its number and desk, never its title or text, which may
 * be a patient's), which clock, how much of its target is used, and when it is or was due.
 */
export interface DeskSlaParams {
  practiceName: string;
  deskName: string;
  ticketId: string;
  /** The number people know the ticket by: T-12. */
  ticketReference: string;
  priority: string;
  clock: 'first response' | 'resolution';
  percent: number;
  dueAt: Date;
  url: string;
}

const ticketRef = (p: DeskSlaParams) => `ticket ${p.ticketReference} (${p.priority}, ${p.deskName})`;

export const templates: { [E in NoticeEvent]: (p: EventParams[E]) => NoticeContent } = {
  'account.invited': (p) => ({
    subject: `You are invited to ${p.practiceName} on Tandem`,
    paragraphs: [
      `${p.inviterName} invited you to join ${p.practiceName} on Tandem as ${p.role.replaceAll('_', ' ')}.`,
      `The link below lets you choose your password. It works once, only for you, until ${p.expiresAt.toUTCString()}.`,
      'If you did not expect this invitation, ignore this email; nothing happens unless the link is used.',
    ],
    action: { label: 'Accept the invitation', url: p.acceptUrl },
  }),
  'account.password_reset': (p) => ({
    subject: 'Reset your Tandem password',
    paragraphs: [
      'Someone, hopefully you, asked to reset the password of your Tandem account.',
      `The link below lets you choose a new password. It works once, until ${p.expiresAt.toUTCString()}, and signs you out everywhere.`,
      ...(p.mfaEnabled
        ? ['Your authenticator stays as it is: you still need it (or a recovery code) to sign in.']
        : []),
      'If you did not ask, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: p.resetUrl },
  }),
  'account.mfa_changed': (p) => ({
    subject: 'Two-step sign-in changed on your Tandem account',
    paragraphs: [
      mfaChangeSentence(p.change, p.at),
      'If this was not you, end the sessions you do not recognise, change your password and tell your administrator.',
    ],
    action: { label: 'Review your sessions', url: p.sessionsUrl },
  }),
  'account.new_device': (p) => ({
    subject: 'New sign-in to your Tandem account',
    paragraphs: [
      `Your Tandem account was signed in to from a browser it has not been used from before: ${p.browser}, from IP address ${p.ip ?? 'unknown'}, on ${p.at.toUTCString()}.`,
      'If this was you, there is nothing to do. If not, end that session, change your password and tell your administrator.',
    ],
    action: { label: 'Review your sessions', url: p.sessionsUrl },
  }),
  'account.job_finished': (p) => ({
    subject: `${p.job} ${p.succeeded ? 'finished' : 'failed'}`,
    paragraphs: [
      `The ${p.job.toLowerCase()} you started ${p.succeeded ? 'finished' : 'failed'} on ${p.at.toUTCString()}.`,
      p.outcome,
    ],
    action: { label: 'See the details', url: p.url },
  }),
  'matrix.proposed': (p) => ({
    subject: `${p.practiceName}: responsibility matrix version ${p.version} proposed for agreement`,
    paragraphs: [
      `${p.byName} (${sideName(p.by)}) proposed version ${p.version} of the responsibility matrix for ${p.practiceName}.`,
      ...(p.note ? [`Their note: ${p.note}`] : []),
      'Review what changed and agree, or ask for changes.',
    ],
    action: { label: `Review version ${p.version}`, url: p.url },
  }),
  'matrix.agreed': (p) => ({
    subject: `${p.practiceName}: responsibility matrix version ${p.version} ${p.inForce ? 'is in force' : 'agreed by ' + sideName(p.by)}`,
    paragraphs: [
      `${p.byName} agreed version ${p.version} of the responsibility matrix for ${p.practiceName} on behalf of ${sideName(p.by)}.`,
      p.inForce
        ? 'Every side needed has now agreed: it is the version in force.'
        : 'It comes into force once your side agrees too.',
    ],
    action: { label: `Open version ${p.version}`, url: p.url },
  }),
  'matrix.superseded': (p) => ({
    subject: `${p.practiceName}: responsibility matrix version ${p.version} replaced by version ${p.newVersion}`,
    paragraphs: [
      `Version ${p.newVersion} of the responsibility matrix for ${p.practiceName} is now in force; version ${p.version} no longer applies.`,
    ],
    action: { label: `Open version ${p.newVersion}`, url: p.url },
  }),
  'monitor.down': (p) => ({
    subject: `${p.practiceName}: ${p.checkName} is down`,
    paragraphs: [
      `The check "${p.checkName}" of ${p.practiceName} is down since ${p.since.toUTCString()}: ${p.reason}.`,
      `An incident ticket is open on the IT desk for ${p.onDuty}.`,
    ],
    action: { label: 'Open the check', url: p.url },
  }),
  'monitor.up': (p) => ({
    subject: `${p.practiceName}: ${p.checkName} is up again`,
    paragraphs: [
      `The check "${p.checkName}" of ${p.practiceName} is up again since ${p.since.toUTCString()}, after ${p.downMinutes} minutes down. Its incident ticket is resolved.`,
    ],
    action: { label: 'Open the check', url: p.url },
  }),
  'backup.overdue': (p) => ({
    subject: `${p.practiceName}: backup ${p.jobName} of ${p.systemName} is overdue`,
    paragraphs: [
      `The backup job "${p.jobName}" of ${p.systemName} at ${p.practiceName} has had no good copy inside its recovery point objective since ${p.since.toUTCString()}: ${p.reason}.`,
      `An incident ticket is open on the IT desk for ${p.onDuty}.`,
    ],
    action: { label: 'Open the backup job', url: p.url },
  }),
  'backup.restored': (p) => ({
    subject: `${p.practiceName}: backup ${p.jobName} of ${p.systemName} is fresh again`,
    paragraphs: [
      `The backup job "${p.jobName}" of ${p.systemName} at ${p.practiceName} has a good copy inside its recovery point objective again since ${p.since.toUTCString()}, after ${p.overdueMinutes} minutes overdue. Its incident ticket is resolved.`,
    ],
    action: { label: 'Open the backup job', url: p.url },
  }),
  'backup.restore_test_overdue': (p) => ({
    subject: `${p.practiceName}: the restore test of ${p.systemName} is overdue`,
    paragraphs: [
      `The restore test of ${p.systemName} at ${p.practiceName} was due ${p.since.toUTCString()}; ${p.lastPassed ? `the last one that passed finished ${p.lastPassed.toUTCString()}` : 'no test has passed yet'}.`,
      `A ticket is open on the IT desk for ${p.onDuty}. Recording a restore test that passes resolves it.`,
    ],
    action: { label: 'Open the system', url: p.url },
  }),
  'backup.restore_test_done': (p) => ({
    subject: `${p.practiceName}: the restore test of ${p.systemName} is done`,
    paragraphs: [
      `A restore test of ${p.systemName} at ${p.practiceName}, due since ${p.since.toUTCString()}, passed. Its ticket is resolved.`,
    ],
    action: { label: 'Open the system', url: p.url },
  }),
  'desk.sla_warning': (p) => ({
    subject: `${p.practiceName}: ${ticketRef(p)} has used ${p.percent}% of its ${p.clock} time`,
    paragraphs: [
      `The ${p.clock} clock of ${ticketRef(p)} at ${p.practiceName} has used ${p.percent}% of its target. It is due ${p.dueAt.toUTCString()}.`,
      'You receive this because your side holds the ticket.',
    ],
    action: { label: 'Open the ticket', url: p.url },
  }),
  'desk.sla_breached': (p) => ({
    subject: `${p.practiceName}: ${ticketRef(p)} ${p.percent > 100 ? `is at ${p.percent}% of` : 'breached'} its ${p.clock} target`,
    paragraphs: [
      `The ${p.clock} of ${ticketRef(p)} at ${p.practiceName} was due ${p.dueAt.toUTCString()} and has used ${p.percent}% of its target.`,
      ...(p.actions.length > 0 ? [`Escalation: ${p.actions.join('; ')}.`] : []),
    ],
    action: { label: 'Open the ticket', url: p.url },
  }),
  'desk.ticket_replied': (p) => ({
    subject: `[${p.ticketReference}] ${p.title ?? `Reply on your ${p.deskName} ticket`}`,
    paragraphs: [
      replyAboveLine,
      p.replyText === null
        ? `You have a reply on ${requesterTicketRef(p)} at the ${p.deskName} of ${p.practiceName}. Open Tandem to read it.`
        : `${p.by} replied on ${requesterTicketRef(p)} at the ${p.deskName} of ${p.practiceName}:`,
      ...(p.replyText === null ? [] : [p.replyText]),
      ...(p.replyText === null ? [] : ['Answer by replying to this email, or in Tandem.']),
    ],
    action: { label: 'Open the ticket', url: p.url },
  }),
  'desk.ticket_resolved': (p) => ({
    subject: `[${p.ticketReference}] Resolved: ${p.title ?? `your ${p.deskName} ticket`}`,
    paragraphs: [
      replyAboveLine,
      `Your ${requesterTicketRef(p)} at the ${p.deskName} of ${p.practiceName} is resolved. If it is not, reply to this email and it opens again.`,
      `How did we do? One click tells us: good ${p.rateGoodUrl} or bad ${p.rateBadUrl}`,
    ],
    action: { label: 'Open the ticket', url: p.url },
  }),
  'desk.intake_received': (p) => ({
    subject: `${p.practiceName}: your request ${p.ticketReference} was received`,
    paragraphs: [
      `${p.practiceName} received your request, numbered ${p.ticketReference}.`,
      `Follow it, and read and answer the practice’s replies, with the link below. ${keepLinkPrivate}`,
    ],
    action: { label: 'Follow your request', url: p.followUrl },
    footer: patientFooter(p),
  }),
  'desk.intake_replied': (p) => ({
    subject: `${p.practiceName}: a reply on your request ${p.ticketReference}`,
    paragraphs: [
      `${p.practiceName} replied on your request ${p.ticketReference}. Read the reply, and answer it, with the link below.`,
      `${newLinkNote} ${keepLinkPrivate}`,
    ],
    action: { label: 'Read the reply', url: p.followUrl },
    footer: patientFooter(p),
  }),
  'desk.intake_resolved': (p) => ({
    subject: `${p.practiceName}: your request ${p.ticketReference} is resolved`,
    paragraphs: [
      `${p.practiceName} marked your request ${p.ticketReference} as resolved. If it is not, answer with the link below and it opens again.`,
      `${newLinkNote} ${keepLinkPrivate}`,
    ],
    action: { label: 'Follow your request', url: p.followUrl },
    footer: patientFooter(p),
  }),
};

const keepLinkPrivate = 'Keep it to yourself: anyone with the link can read the conversation.';
/** Each email to a patient carries a link of its own (the first is kept only hashed): the earlier ones still work. */
const newLinkNote = 'This email’s link is new; the links you were sent before still work.';
const patientFooter = (p: PatientTicketParams) =>
  `You receive this because you sent a request to ${p.practiceName} through its request form and gave this address.`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const accountFooter =
  'You receive this because of your account on Tandem. Choose which emails you get under Notifications in Tandem.';

/** One content, two bodies. */
export function renderEmail(content: NoticeContent): RenderedEmail {
  const footer = content.footer ?? accountFooter;
  const text = [...content.paragraphs, `${content.action.label}: ${content.action.url}`, '--', footer].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>`,
    `<hr><p style="color: #666; font-size: small">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}
