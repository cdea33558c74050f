/**
 * Tickets over HTTP. Opening one reads its desk, asks the matrix who is on duty (outside the
 * write transaction: onDuty has its own, and the embedded engine runs one at a time), then
 * writes the ticket placed accordingly.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inForceStamp } from '../../matrix/store.ts';
import { onDuty } from '../../matrix/on-duty.ts';
import { sideOfRole } from '../../core/permissions/sides.ts';
import { assign, changeStatus, correctStatus, rate, reply, take } from '../../desk/ticket-changes.ts';
import { placementOf } from '../../desk/ticket-routing.ts';
import {
  assignmentSchema,
  mergeInputSchema,
  splitInputSchema,
  replyInputSchema,
  statusChangeSchema,
  statusCorrectionSchema,
  ticketInputSchema,
  ticketListSchema,
  ticketQuerySchema,
  parseTicketReference,
  ratingInputSchema,
  ticketSchema,
} from '../../desk/ticket-schema.ts';
import { createTicket, deskAndCategory, readQueue, readTicket, readTicketByNumber } from '../../desk/tickets.ts';
import { mergeTicket, splitTicket } from '../../desk/ticket-merge.ts';
import { logTime, readTicketTime } from '../../desk/time-entries.ts';
import { ticketTimeSchema, timeEntryInputSchema } from '../../desk/time-entry-schema.ts';
import { AppError } from '../../core/errors.ts';
import type { InPractice } from '../../core/tenancy/acting.ts';
import { tellRequester, type RequesterNews } from '../../mail/requester-mail.ts';
import { requesterMailDeps } from '../mail-in.ts';
import { access } from '../caller/access.ts';
import type { PracticeAccess } from '../caller/guard.ts';
import { keepsAccess } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../openapi.ts';
import { encodeCursor, keysetAfter } from '../pagination.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

const ticketParams = practiceParams.extend({ ticketId: z.uuid() });
const referenceParams = practiceParams.extend({
  reference: z
    .string()
    .max(20)
    .refine((r) => parseTicketReference(r) !== null, 'must be a ticket number such as T-12 or 12'),
});

/**
 * "Mine" and "my party" as stored columns: the caller's account as agent, the side their role
 * works for. A token has neither; a role that holds no tickets has no party.
 */
function personalFilters(caller: PracticeAccess, wanted: { mine: boolean; myParty: boolean }) {
  if (!wanted.mine && !wanted.myParty) return {};
  const needs = wanted.mine ? 'query.mine' : 'query.myParty';
  if (caller.principal.kind !== 'user' || !caller.role)
    throw new AppError('validation_failed', 'Only a signed-in person has tickets of their own or a party', [
      { path: needs, message: 'needs a signed-in person, not an API token' },
    ]);
  const side = wanted.myParty ? sideOfRole(caller.role) : undefined;
  if (side === null)
    throw new AppError('validation_failed', `The ${caller.role} role holds no tickets`, [
      { path: 'query.myParty', message: 'your role is not one of the sides that hold tickets' },
    ]);
  return { ...(wanted.mine ? { agentId: caller.actor.actorId } : {}), ...(side ? { side } : {}) };
}

/** `q` as a ticket number (the ticket itself) or as words to search. */
function searchOf(q: string | undefined) {
  if (q === undefined) return {};
  const number = parseTicketReference(q);
  return number === null ? { words: q } : { number };
}

export function ticketRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['service desk'];
  const base = '/api/v1/practices/:practiceId/tickets';
  const asCaller = deskCaller(deps);
  /** The requester hears of a public reply or the resolution by email, in the change's transaction (none without a job queue). */
  const emailRequester = async (s: InPractice, ticketId: string, news: RequesterNews) => {
    if (deps.jobs) await tellRequester(s, requesterMailDeps(deps.config, { ...deps, jobs: deps.jobs }), ticketId, news);
  };
  const write = (summary: string) => ({
    tags,
    summary,
    params: ticketParams,
    response: { 200: ticketSchema, ...errorResponses },
  });

  return async (app) => {
    app.post(
      base,
      {
        config: { ...access.practice('tickets.create'), ...keepsAccess },
        schema: {
          tags,
          summary:
            'Open a ticket: priority from impact x urgency, placed with the party the agreed matrix puts on duty for its category, or in the triage queue with the reason',
          params: practiceParams,
          body: ticketInputSchema,
          response: { 201: ticketSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { practiceId } = request.params;
        const { target, agreed } = await asCaller(request, async (s) => ({
          target: await deskAndCategory(s, request.body),
          agreed: (await inForceStamp(s.tx, practiceId)) !== null,
        }));
        const duty = agreed
          ? await onDuty(deps.database, practiceId, target.category.activity, deps.clock.now())
          : null;
        const placement = placementOf(duty, target.category.activity, agreed);
        const ticket = await asCaller(request, (s) => createTicket(s, request.body, target, placement));
        return reply.status(201).send(ticket);
      },
    );

    app.get(
      base,
      {
        config: access.practice('tickets.work'),
        schema: {
          tags,
          summary:
            'The ticket queue, newest first, filtered by desk, status, holding party ("triage": none), breach, due soon, mine, my party, and a ticket number or words (q)',
          params: practiceParams,
          querystring: ticketQuerySchema,
          response: { 200: ticketListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { deskId, status, assignee, breached, dueWithin, mine, myParty, limit, q } = request.query;
        const page = { after: keysetAfter(request.query), limit };
        const { tickets, more } = await asCaller(request, (s, caller) =>
          readQueue(
            s,
            {
              ...searchOf(q),
              deskId,
              status,
              assignee: assignee === 'triage' ? null : assignee,
              breached: breached === 'true',
              dueWithinMinutes: dueWithin,
              ...personalFilters(caller, { mine: mine === 'true', myParty: myParty === 'true' }),
            },
            page,
          ),
        );
        const last = tickets.at(-1);
        return { tickets, next: more && last ? encodeCursor([last.createdAt, last.id]) : null };
      },
    );

    app.get(
      '/api/v1/practices/:practiceId/ticket-numbers/:reference',
      {
        config: access.practice('tickets.create'),
        schema: {
          tags,
          summary:
            'One ticket by its number (T-12 or 12), as GET by id shows it (a path of its own: under tickets/ it would be ambiguous with tickets/{ticketId}/...)',
          params: referenceParams,
          response: { 200: ticketSchema, ...errorResponses },
        },
      },
      async (request) =>
        asCaller(request, (s) => readTicketByNumber(s, parseTicketReference(request.params.reference)!)),
    );

    app.get(
      `${base}/:ticketId`,
      {
        config: access.practice('tickets.create'),
        schema: write('One ticket with its history (its requester, or anyone who works tickets)'),
      },
      async (request) => asCaller(request, (s) => readTicket(s, request.params.ticketId)),
    );

    app.post(
      `${base}/:ticketId/replies`,
      {
        config: { ...access.practice('tickets.create'), ...keepsAccess },
        schema: { ...write('Reply on a ticket, or add an internal note (internal: true)'), body: replyInputSchema },
      },
      async (request) =>
        asCaller(request, async (s) => {
          const ticket = await reply(s, request.params.ticketId, request.body);
          if (!request.body.internal)
            await emailRequester(s, ticket.id, {
              kind: 'replied',
              by: s.origin.actorLabel ?? 'The desk',
              text: request.body.body,
            });
          return ticket;
        }),
    );

    app.post(
      `${base}/:ticketId/status`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write('Move a ticket along its workflow (409 for a move it does not allow)'),
          body: statusChangeSchema,
        },
      },
      async (request) =>
        asCaller(request, async (s) => {
          const ticket = await changeStatus(s, request.params.ticketId, request.body);
          if (request.body.status === 'resolved') await emailRequester(s, ticket.id, { kind: 'resolved' });
          return ticket;
        }),
    );

    app.post(
      `${base}/:ticketId/status-corrections`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write(
            'Correct the waiting reason of an earlier waiting status, with a reason; the clocks are replayed as if it had been right',
          ),
          body: statusCorrectionSchema,
        },
      },
      async (request) => asCaller(request, (s) => correctStatus(s, request.params.ticketId, request.body)),
    );

    app.post(
      `${base}/:ticketId/rating`,
      {
        config: { ...access.practice('tickets.create'), ...keepsAccess },
        schema: {
          ...write(
            'Rate your resolved ticket good or bad, with an optional comment (the requester only; again replaces)',
          ),
          body: ratingInputSchema,
        },
      },
      async (request) => asCaller(request, (s) => rate(s, request.params.ticketId, request.body)),
    );

    app.post(
      `${base}/:ticketId/take`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write('Take the ticket to work it yourself: it shows in your "mine" queue (a reassignment clears it)'),
          body: z.strictObject({}),
        },
      },
      async (request) => asCaller(request, (s) => take(s, request.params.ticketId)),
    );

    app.post(
      `${base}/:ticketId/merges`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write(
            'Merge another ticket into this one: it is closed with a link here, and its history, files and words show on this ticket; each keeps its own clocks',
          ),
          body: mergeInputSchema,
        },
      },
      async (request) => asCaller(request, (s) => mergeTicket(s, request.params.ticketId, request.body)),
    );

    app.post(
      `${base}/:ticketId/splits`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write(
            'Split a reply or note out into a new ticket (same desk, category, priority and holder) linked to this one; answers with the new ticket',
          ),
          body: splitInputSchema,
          response: { 201: ticketSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await asCaller(request, (s) => splitTicket(s, request.params.ticketId, request.body))),
    );

    app.get(
      `${base}/:ticketId/time-entries`,
      {
        config: access.practice('tickets.work'),
        schema: {
          tags,
          summary: 'Time logged on the ticket, with totals per party and overall (contract and billable minutes)',
          params: ticketParams,
          response: { 200: ticketTimeSchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => readTicketTime(s, request.params.ticketId)),
    );

    app.post(
      `${base}/:ticketId/time-entries`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          tags,
          summary:
            'Log time on the ticket for a party of the agreed matrix, within the MSP contract or billable; a negative entry corrects one',
          params: ticketParams,
          body: timeEntryInputSchema,
          response: { 201: ticketTimeSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await asCaller(request, (s) => logTime(s, request.params.ticketId, request.body))),
    );

    app.post(
      `${base}/:ticketId/assignment`,
      {
        config: { ...access.practice('tickets.work'), ...keepsAccess },
        schema: {
          ...write('Hand a ticket to another party of the agreed matrix, or back to triage (null), with a reason'),
          body: assignmentSchema,
        },
      },
      async (request) => asCaller(request, (s) => assign(s, request.params.ticketId, request.body)),
    );
  };
}
