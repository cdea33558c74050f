/**
 * The public patient intake form over HTTP (desk/intake.ts): the practice's setting (signed in),
 * the form and the follow link (public: no session, no practice id). The follow token travels in
 * a header, never in an address, so it stays out of access logs and Referer headers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readFollow, readIntakeForm, replyByFollow, submitIntake, type IntakeDeps } from '../../desk/intake.ts';
import {
  followReplySchema,
  followTokenHeader,
  followViewSchema,
  intakeFormIdSchema,
  intakeFormSchema,
  intakeReceiptSchema,
  intakeRequestSchema,
  intakeSettingsInputSchema,
  intakeSettingsSchema,
} from '../../desk/intake-schema.ts';
import { readIntakeSettings, setIntakeSettings } from '../../desk/intake-settings.ts';
import { access } from '../caller/access.ts';
import { keepsAccess, originOf } from '../caller/principal.ts';
import type { ServerDeps } from '../deps.ts';
import { linkBase } from '../mail-in.ts';
import { errorResponses, errorSchema } from '../openapi.ts';
import { refuseThrottled } from '../rate-limit.ts';
import { deskCaller } from './desk-caller.ts';
import { practiceParams } from './practices.ts';

/** A request is a few lines of text: 16 KiB is ample, and a larger body is refused (413) before it is read whole. */
export const intakeBodyLimit = 16 * 1024;

const formParams = z.object({ formId: intakeFormIdSchema });
const followHeaders = z.object({
  [followTokenHeader]: z.string().min(1).max(200).describe('The token of the follow link (after #token= in it)'),
});

export function deskIntakeRoutes(deps: ServerDeps): FastifyPluginAsyncZod {
  const tags = ['service desk'];
  const asCaller = deskCaller(deps);
  const intake: IntakeDeps = {
    database: deps.database,
    clock: deps.clock,
    keyring: deps.keyring,
    notifier: deps.jobs && { queue: deps.jobs, clock: deps.clock },
    // Built before the server listens: the follow link's base is read when a link is made.
    get publicUrl() {
      return linkBase(deps.config);
    },
  };
  const tokenOf = (headers: Record<string, unknown>) => String(headers[followTokenHeader] ?? '');

  return async (app) => {
    const settings = '/api/v1/practices/:practiceId/desk-intake';
    app.get(
      settings,
      {
        config: access.practice('tickets.create'),
        schema: {
          tags,
          summary: "Whether the practice's public patient intake form is open, and its public id",
          params: practiceParams,
          response: { 200: intakeSettingsSchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => readIntakeSettings(s.tx, s.practiceId)),
    );

    app.put(
      settings,
      {
        config: { ...access.practice('phi.share'), ...keepsAccess },
        schema: {
          tags,
          summary:
            'Open or close the public patient intake form (and whether it asks for a date of birth); practice administrators only, audited',
          params: practiceParams,
          body: intakeSettingsInputSchema,
          response: { 200: intakeSettingsSchema, ...errorResponses },
        },
      },
      async (request) => asCaller(request, (s) => setIntakeSettings(s, request.body)),
    );

    app.get(
      '/api/v1/intake-forms/:formId',
      {
        config: access.public,
        schema: {
          tags,
          summary: "A practice's open patient intake form: whose it is and what it asks (404 when closed)",
          params: formParams,
          response: { 200: intakeFormSchema, ...errorResponses },
        },
      },
      async (request) => readIntakeForm(intake, request.params.formId),
    );

    app.post(
      '/api/v1/intake-forms/:formId/requests',
      {
        config: access.public,
        bodyLimit: intakeBodyLimit,
        schema: {
          tags,
          summary:
            'Send a patient request: opens a patient-desk ticket and answers its follow link (emailed too when an email is given)',
          description:
            'Limited per client address and per form (429 with Retry-After). The follow link is shown once: only its hash is kept.',
          params: formParams,
          body: intakeRequestSchema,
          response: { 201: intakeReceiptSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const outcome = await submitIntake(intake, request.params.formId, request.body, originOf(request), request.log);
        if (outcome.kind === 'throttled')
          refuseThrottled(reply, outcome.retryAfterMs, 'requests from here or to this form');
        return reply.status(201).send(outcome.receipt);
      },
    );

    app.get(
      '/api/v1/follow',
      {
        config: access.public,
        schema: {
          tags,
          summary: "A patient's request as its follow link shows it: status and the public conversation",
          headers: followHeaders,
          response: { 200: followViewSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'private, no-store');
        return readFollow(intake, tokenOf(request.headers), originOf(request));
      },
    );

    app.post(
      '/api/v1/follow/replies',
      {
        config: access.public,
        bodyLimit: intakeBodyLimit,
        schema: {
          tags,
          summary: "The patient's reply through the follow link: a public reply on the ticket (20 an hour per link)",
          headers: followHeaders,
          body: followReplySchema,
          response: { 200: followViewSchema, 429: errorSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const outcome = await replyByFollow(intake, tokenOf(request.headers), request.body.body, originOf(request));
        if (outcome.kind === 'throttled') refuseThrottled(reply, outcome.retryAfterMs, 'replies through this link');
        reply.header('cache-control', 'private, no-store');
        return outcome.view;
      },
    );
  };
}
