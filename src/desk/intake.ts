/**
 * The public patient intake form (issue 18 item 5): a patient with no account sends a request to
 * a practice that opened its form (intake-settings.ts); it becomes a patient-desk ticket placed
 * like any other, and the patient follows it with a link whose token is stored only as its
 * SHA-256. The patient's details are PHI, encrypted in `patient_requests` as patient contacts are.
 *
 * Abuse controls: a fixed-window limit per client address and per form (core/identity/throttle.ts
 * `reserveInWindow`, counted in the database so it holds across processes and concurrent
 * requests), a honeypot field (a filled one answers like success, stores nothing and is logged),
 * the route's small body limit. The follow token reaches one ticket's public conversation and
 * nothing else: no internal notes, no staff names, no other ticket.
 */
import type { Logger } from 'pino';
import { appendAudit, type AuditOrigin, type RequestSource } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { decryptField, encryptField } from '../core/crypto/field-encryption.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { AppError } from '../core/errors.ts';
import { reserveInWindow, type WindowRule } from '../core/identity/throttle.ts';
import { newSecret, sha256 } from '../core/identity/tokens.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import { firstCategoryPlacement } from './desk-placement.ts';
import { followTarget } from './follow-links.ts';
import { existingDesk, presentDesk } from './desks.ts';
import type { FollowView, IntakeForm, IntakeReceipt, IntakeRequest } from './intake-schema.ts';
import { unsafeOpenForm } from './intake-settings.ts';
import {
  findPatientRequest,
  insertFollowToken,
  insertPatientRequest,
  peekNextNumber,
  unsafeRequestOfToken,
} from './intake-store.ts';
import { changeStatus, reply } from './ticket-changes.ts';
import { ticketReference, type Status } from './ticket-schema.ts';
import { eventsOf, findTicket } from './ticket-store.ts';
import { createTicket, type TicketStep } from './tickets.ts';

export interface IntakeDeps {
  database: Database;
  clock: Clock;
  keyring: Keyring;
  /** Absent where no job queue runs: then the follow link is only shown, not emailed. */
  notifier?: Notifier;
  /** Where the follow link points (the web app). */
  publicUrl: string;
}

const hour = 3_600_000;

/** Per client address 5 requests an hour; per form 60 (a practice's busiest hour, well above a normal one). */
export const intakeLimits = { perAddress: 5, perForm: 60, windowMs: hour };
/** A patient's replies on one ticket, through any of its follow links: 20 an hour. */
export const followReplyLimit = 20;

export type Throttled = { kind: 'throttled'; retryAfterMs: number };

const patientLabel = 'Patient (intake form)';
const followLabel = 'Patient (follow link)';

/** Who acts for a patient: no account, so the system, named for what it is, from the patient's address. */
const patientOrigin = (source: RequestSource): AuditOrigin => ({
  actorType: 'system',
  actorId: null,
  actorLabel: patientLabel,
  ...source,
});

/** Whether the patient themselves acts (the form or the follow page), not the practice. */
const isPatient = (origin: AuditOrigin) =>
  origin.actorType === 'system' && (origin.actorLabel === patientLabel || origin.actorLabel === followLabel);

/** The system works the ticket for the patient, never reading patient data through the desk's views. */
const patientStep = (deps: IntakeDeps, tx: TicketStep['tx'], practiceId: string, source: RequestSource) => ({
  tx,
  clock: deps.clock,
  practiceId,
  origin: patientOrigin(source),
  keyring: deps.keyring,
  mayWork: true,
  mayReadPhi: false,
});

async function openForm(deps: IntakeDeps, formId: string) {
  const form = await unsafeWithSystem(deps.database.db, (tx) => unsafeOpenForm(tx, formId));
  if (!form) throw new AppError('not_found', 'There is no open request form at this address');
  return form;
}

async function practiceName(tx: TicketStep['tx'], practiceId: string): Promise<string> {
  return (await findPractice(tx, practiceId))?.name ?? 'The practice';
}

/** What the form shows before the patient writes. */
export async function readIntakeForm(deps: IntakeDeps, formId: string): Promise<IntakeForm> {
  const form = await openForm(deps, formId);
  const name = await withTenant(deps.database.db, form.practiceId, (tx) => practiceName(tx, form.practiceId));
  return { practiceName: name, asksBirthDate: form.asksBirthDate };
}

/** The follow page with its token in the fragment, which browsers never send (docs/security.md). */
const followUrlOf = (publicUrl: string, token: string) => `${publicUrl}/follow#token=${token}`;

const sealed = (keyring: Keyring, value: string | undefined) =>
  value === undefined ? null : encryptField(keyring, value);

/** The ticket's title: the request's first line, shortened (encrypted like the rest of a patient-desk ticket). */
const titleOf = (request: string) => {
  const line = request.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
};

/**
 * Takes a patient's request: checked, counted against the limits, then a ticket on the patient
 * desk with the patient's details sealed beside it and the follow link's token hashed; the link
 * is emailed when the patient gave an address (the email names only the practice, the ticket's
 * number and the link). A filled honeypot gets the same answer with nothing stored.
 */
export async function submitIntake(
  deps: IntakeDeps,
  formId: string,
  input: IntakeRequest,
  source: RequestSource,
  log: Pick<Logger, 'warn'>,
): Promise<Throttled | { kind: 'received'; receipt: IntakeReceipt }> {
  const form = await openForm(deps, formId);
  if (form.asksBirthDate && input.birthDate === undefined)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.birthDate', message: 'give your date of birth: the practice asks for it to find your records' },
    ]);
  const rules: WindowRule[] = [{ key: `intake-form:${formId}`, limit: intakeLimits.perForm, windowMs: hour }];
  if (source.ip) rules.push({ key: `intake-ip:${source.ip}`, limit: intakeLimits.perAddress, windowMs: hour });
  const wait = await reserveInWindow(deps.database.db, rules, deps.clock);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };
  const token = newSecret();
  const followUrl = followUrlOf(deps.publicUrl, token);
  if (input.website) {
    log.warn({ practiceId: form.practiceId, ip: source.ip }, 'intake form: honeypot filled, nothing stored');
    const number = await withTenant(deps.database.db, form.practiceId, (tx) => peekNextNumber(tx, form.practiceId));
    return { kind: 'received', receipt: { ticketReference: ticketReference(number), followUrl, emailed: false } };
  }
  const origin = patientOrigin(source);
  const { deskId, placement } = await firstCategoryPlacement(deps, form.practiceId, origin, { kind: 'patient' });
  return withTenant(deps.database.db, form.practiceId, async (tx) => {
    const s = patientStep(deps, tx, form.practiceId, source);
    const desk = presentDesk(await existingDesk(s, deskId));
    const category = desk.categories[0]!;
    const ticket = await createTicket(
      s,
      {
        deskId,
        category: category.id,
        impact: 'medium',
        urgency: 'medium',
        title: titleOf(input.request),
        description: input.request,
      },
      { desk, category },
      placement,
    );
    // Only what the form asked for is kept: a date of birth the practice does not ask for is dropped.
    const birthDate = form.asksBirthDate ? input.birthDate : undefined;
    await insertPatientRequest(tx, {
      ticketId: ticket.id,
      practiceId: form.practiceId,
      followTokenHash: sha256(token),
      name: encryptField(deps.keyring, input.name),
      email: sealed(deps.keyring, input.email),
      phone: sealed(deps.keyring, input.phone),
      birthDate: sealed(deps.keyring, birthDate),
      createdAt: deps.clock.now(),
    });
    const given = { name: true, email: !!input.email, phone: !!input.phone, birthDate: !!birthDate };
    await appendAudit(tx, {
      at: deps.clock.now(),
      ...origin,
      practiceId: form.practiceId,
      action: 'desk.intake_received',
      targetType: 'ticket',
      targetId: ticket.id,
      // Which details were given, never their values.
      details: { fields: Object.keys(given).filter((k) => given[k as keyof typeof given]) },
    });
    const reference = ticketReference(ticket.number);
    const emailed = Boolean(input.email && deps.notifier);
    if (input.email && deps.notifier)
      await notify(
        tx,
        deps.notifier,
        form.practiceId,
        'desk.intake_received',
        { practiceName: await practiceName(tx, form.practiceId), ticketReference: reference, followUrl },
        [{ email: input.email }],
      );
    return { kind: 'received' as const, receipt: { ticketReference: reference, followUrl, emailed } };
  });
}

/** The practice and ticket a follow token opens, or 404 (the same for a wrong token as for none; its own once expired). */
async function followed(deps: IntakeDeps, token: string) {
  return unsafeWithSystem(deps.database.db, async (tx) => {
    const found = token ? await unsafeRequestOfToken(tx, sha256(token)) : null;
    if (!found)
      throw new AppError('not_found', 'This follow link is not valid: use the link you were given or emailed');
    return followTarget(tx, found, deps.clock.now());
  });
}

/**
 * The ticket as its patient sees it: status and the public conversation (their request, their
 * replies, the practice's public replies as "the practice"). The read of their own words is
 * audited as a PHI read like any other.
 */
export async function readFollow(deps: IntakeDeps, token: string, source: RequestSource): Promise<FollowView> {
  const { practiceId, ticketId } = await followed(deps, token);
  return withTenant(deps.database.db, practiceId, async (tx) => {
    const row = (await findTicket(tx, practiceId, ticketId))!;
    const open = (text: string) => decryptField(deps.keyring, text);
    const replies = (await eventsOf(tx, ticketId)).filter((e) => e.kind === 'reply' && e.body !== null);
    await appendAudit(tx, {
      at: deps.clock.now(),
      ...patientOrigin(source),
      actorLabel: followLabel,
      practiceId,
      action: 'phi.read',
      targetType: 'ticket',
      targetId: ticketId,
      details: { tickets: [ticketId], via: 'follow_link' },
    });
    return {
      practiceName: await practiceName(tx, practiceId),
      ticketReference: ticketReference(row.number),
      status: row.status as Status,
      openedAt: row.createdAt.toISOString(),
      messages: [
        { from: 'you' as const, body: open(row.description), at: row.createdAt.toISOString() },
        ...replies.map((e) => ({
          from: (e.data as { byPatient?: boolean }).byPatient === true ? ('you' as const) : ('practice' as const),
          body: open(e.body!),
          at: e.at.toISOString(),
        })),
      ],
    };
  });
}

/** The patient's answer through the follow link: a public reply as the requester (a resolved ticket opens again). */
export async function replyByFollow(
  deps: IntakeDeps,
  token: string,
  body: string,
  source: RequestSource,
): Promise<Throttled | { kind: 'replied'; view: FollowView }> {
  const { practiceId, ticketId } = await followed(deps, token);
  // Counted per ticket, not per link: each email to the patient brings a new link.
  const rules = [{ key: `follow:${ticketId}`, limit: followReplyLimit, windowMs: hour }];
  const wait = await reserveInWindow(deps.database.db, rules, deps.clock);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };
  await withTenant(deps.database.db, practiceId, async (tx) => {
    const s: TicketStep = { ...patientStep(deps, tx, practiceId, source) };
    const row = (await findTicket(tx, practiceId, ticketId))!;
    if (row.status === 'resolved') await changeStatus(s, ticketId, { status: 'reopened' });
    await reply(s, ticketId, { body, internal: false }, { via: 'follow_link', byPatient: true });
  });
  return { kind: 'replied', view: await readFollow(deps, token, source) };
}

/** What is needed to email a patient: their sealed address is opened with the keyring. */
export interface PatientMailDeps {
  keyring: Keyring;
  notifier: Notifier;
  /** Where the follow link points (the web app). */
  publicUrl: string;
}

/**
 * Tells the patient of an intake ticket, if they gave an email address, that the practice replied
 * publicly or resolved their request (`desk.intake_replied`, `desk.intake_resolved`): the
 * practice's name, the ticket's number and a follow link, never the reply or anything of theirs.
 * The patient's own messages (follow page) are not news to them. Runs in the transaction of the
 * change it reports, called by the requester email (mail/requester-mail.ts) for a ticket with no
 * requester account, so only where a job queue runs.
 *
 * The first token is kept only as its hash, so it cannot be sent again: each email carries a
 * fresh token, stored hashed in `patient_follow_tokens` beside the first, opening the same
 * ticket for as long as the first does (all of a ticket's links expire together,
 * follow-links.ts). Opening the sealed address is a PHI
 * read by the system, audited as `phi.read` with the field read.
 */
export async function tellPatient(
  s: InPractice,
  deps: PatientMailDeps,
  ticketId: string,
  news: 'replied' | 'resolved',
): Promise<void> {
  if (isPatient(s.origin)) return;
  const request = await findPatientRequest(s.tx, ticketId);
  if (!request?.email) return;
  const row = (await findTicket(s.tx, s.practiceId, ticketId))!;
  const email = decryptField(deps.keyring, request.email);
  const token = newSecret();
  await insertFollowToken(s.tx, {
    tokenHash: sha256(token),
    ticketId,
    practiceId: s.practiceId,
    createdAt: s.clock.now(),
  });
  await appendAudit(s.tx, {
    at: s.clock.now(),
    // The system reads, in the request of the change it reports (same request id, address).
    ...s.origin,
    actorType: 'system',
    actorId: null,
    actorLabel: 'Tandem (email to the patient)',
    practiceId: s.practiceId,
    action: 'phi.read',
    targetType: 'ticket',
    targetId: ticketId,
    details: { tickets: [ticketId], fields: ['email'], via: 'patient_email', news },
  });
  await notify(
    s.tx,
    deps.notifier,
    s.practiceId,
    news === 'replied' ? 'desk.intake_replied' : 'desk.intake_resolved',
    {
      practiceName: await practiceName(s.tx, s.practiceId),
      ticketReference: ticketReference(row.number),
      followUrl: followUrlOf(deps.publicUrl, token),
    },
    [{ email }],
  );
}
