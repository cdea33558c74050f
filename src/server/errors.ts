/**
 * Turns anything thrown while serving a request into the one error shape. 4xx replies name what
 * was wrong; anything unexpected is a 500 that carries only the request id, with the stack in
 * the log and never in the reply.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorBody, type ErrorCode } from '../core/errors.ts';

/** Fastify's own client-error codes and what they mean to a user. */
const fastifyCodes: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: 'The request body is larger than the server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'bad_request',
    message: 'The body is empty but Content-Type says application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The body is not valid JSON' },
  // Raised by the router before any route runs; they reach handleError through frameworkErrors (app.ts).
  FST_ERR_BAD_URL: { code: 'bad_request', message: 'The URL path is not valid: check its percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', message: 'A part of the URL path is longer than any id' },
};

/** PostgreSQL SQLSTATEs that mean the input broke a rule the schema enforces. */
const sqlStates: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: 'conflict', message: 'A record with the same unique value already exists' },
  '23503': { code: 'conflict', message: 'The record refers to something that does not exist, or is still referred to' },
  '23514': { code: 'validation_failed', message: 'The input breaks a rule the database enforces' },
  '23502': { code: 'validation_failed', message: 'A required value is missing' },
  '22001': { code: 'validation_failed', message: 'A value is longer than allowed' },
  '22P02': { code: 'validation_failed', message: 'A value has the wrong format' },
  // A NUL character, which PostgreSQL cannot store in text (22021) or jsonb (22P05). The request
  // hook refuses it first, naming the field; this is the second wall for paths it cannot see.
  '22021': { code: 'validation_failed', message: 'A text value contains a character that cannot be stored' },
  '22P05': { code: 'validation_failed', message: 'A text value contains a character that cannot be stored' },
  '40001': { code: 'conflict', message: 'The record changed at the same time; try again' },
};

/** The SQLSTATE of a database error, also when wrapped (drizzle puts the driver's error in `cause`). */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Fastify's validation context named as docs/api.md names the parts of a request (`query`, not `querystring`). */
function instancePathToDotted(context: string | undefined, instancePath: string): string {
  const inner = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  return [context === 'querystring' ? 'query' : context, inner].filter(Boolean).join('.');
}

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as { validationContext?: string }).validationContext;
    return new AppError(
      'validation_failed',
      'The request is not valid',
      err.validation.map((v) => ({
        path: instancePathToDotted(context, v.instancePath),
        message: v.message ?? 'invalid',
      })),
    );
  }
  if (isResponseSerializationError(err)) return undefined;
  const fst = err as Partial<FastifyError>;
  const known = fst.code ? fastifyCodes[fst.code] : undefined;
  if (known) return new AppError(known.code, known.message ?? fst.message ?? known.code);
  if (err instanceof SyntaxError && fst.statusCode === 400)
    return new AppError('malformed_json', 'The body is not valid JSON');
  const state = sqlStateOf(err);
  const mapped = state ? sqlStates[state] : undefined;
  if (mapped) return new AppError(mapped.code, mapped.message);
  if (typeof fst.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
    return new AppError(fst.statusCode === 429 ? 'too_many_requests' : 'bad_request', fst.message ?? 'Bad request');
  }
  return undefined;
}

/**
 * What a log line may say about an error. Database errors carry the statement's parameters
 * (Drizzle puts them in its message) and PostgreSQL's message and detail may quote a value, and
 * any of those may be patient data: a log keeps the SQL text, the SQLSTATE and the names of the
 * constraint, table and column, never a value.
 */
export function loggableError(err: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as Record<string, unknown> & { cause?: unknown };
  const type = (err as Error).constructor?.name ?? 'Error';
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e) {
    const { code, severity, table, column, constraint, routine } = e;
    return { type: 'DatabaseError', code, severity, table, column, constraint, routine };
  }
  if ('params' in e && typeof e.query === 'string')
    return { type, query: e.query, cause: loggableError(e.cause, depth + 1) };
  const stack = typeof e.stack === 'string' ? e.stack : undefined;
  return { type, message: (err as Error).message, stack, cause: loggableError(e.cause, depth + 1) };
}

export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(err);
  if (appError) {
    if (appError.status >= 500) request.log.error({ err: loggableError(err) }, appError.message);
    return reply.status(appError.status).send(errorBody(appError, request.id));
  }
  request.log.error({ err: loggableError(err) }, 'unexpected error');
  const internal = new AppError(
    'internal',
    `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
  );
  return reply.status(500).send(errorBody(internal, request.id));
}

/**
 * Runs core code that names input fields relative to its own input ("admin.password"), as code
 * the CLI shares does, with the request body as that input: its validation errors get "body." in
 * front, the convention of every 400 the API sends (the route schema's zod errors have it).
 */
export async function withBodyPaths<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    const details = err.details.map((d) => ({ path: d.path ? `body.${d.path}` : 'body', message: d.message }));
    throw new AppError(err.code, err.message, details, { cause: err });
  }
}
