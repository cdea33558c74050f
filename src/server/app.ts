/**
 * HTTP composition: wires the modules' routes, the error shape, OpenAPI and the web app into one
 * Fastify instance. Nothing here listens on a port, so tests drive it with inject() or listen
 * themselves.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { inPackage } from '../core/package-root.ts';
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream, Level } from 'pino';
import type { ServerDeps } from './deps.ts';
import { handleError } from './errors.ts';
import { logOutput, resolveLogFormat, type LogOutput } from './log-output.ts';
import { registerMetrics } from './metrics.ts';
import { installFallback, trackRoutes } from './fallback.ts';
import { installIdempotency } from './idempotency.ts';
import { refuseNulCharacters } from './input.ts';
import { installRateLimit } from './rate-limit.ts';
import { closeSpareConnectionsOnClose } from './spare-connections.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerCompression, registerWebApp } from './web-delivery.ts';
import { registerOpenApi } from './openapi.ts';
import { installAccessControl } from './caller/access.ts';
import { checkCsrf } from './caller/guard.ts';
import { principalCache } from './caller/principal.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { apiTokenRoutes } from './routes/api-tokens.ts';
import { assessmentRoutes } from './routes/assessments.ts';
import { auditRoutes } from './routes/audit.ts';
import { mfaRoutes } from './routes/mfa.ts';
import { passwordRoutes } from './routes/passwords.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { homeRoutes } from './routes/home.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { memberRoutes } from './routes/members.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { webhookDeliveryRoutes } from './routes/webhook-deliveries.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { organizationWebhookScope, practiceWebhookScope } from './routes/webhook-scope.ts';
import { jobRoutes } from './routes/jobs.ts';
import { keyRotationRoutes } from './routes/key-rotations.ts';
import { patientContactRoutes } from './routes/patient-contacts.ts';
import { deskReportRoutes } from './routes/desk-reports.ts';
import { deskRoutes } from './routes/desks.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { deskMailRoutes } from './routes/desk-mail.ts';
import { deskIntakeRoutes } from './routes/desk-intake.ts';
import { ticketAttachmentRoutes } from './routes/ticket-attachments.ts';
import { monitorRoutes } from './routes/monitor.ts';
import { monitorFigureRoutes } from './routes/monitor-figures.ts';
import { monitorOverviewRoutes } from './routes/monitor-overview.ts';
import { monitorStatusPageRoutes } from './routes/monitor-status-page.ts';
import { backupRoutes } from './routes/backups.ts';
import { backupRestoreTestRoutes } from './routes/backup-restore-tests.ts';
import { deviceRoutes } from './routes/devices.ts';
import { practiceRoutes } from './routes/practices.ts';
import { setupRoutes } from './routes/setup.ts';
import { systemRoutes } from './routes/system.ts';

export const defaultWebDir = inPackage('web', 'dist') + path.sep;

const readOnlyMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export interface BuildOptions {
  /** Where JSON log lines go (default stdout); tests capture them to check what is logged. */
  logStream?: DestinationStream;
}

/** Query parameters that carry secrets (one-time links, codes) and never reach a log line. */
const secretParams = /([?&](?:token|code|password|secret|key)=)[^&#]*/gi;

/** The request's URL with the values of secret query parameters replaced. */
export function loggableUrl(url: string): string {
  return url.includes('?') ? url.replace(secretParams, '$1[redacted]') : url;
}

/** The one log line per request. */
function logRequest(request: FastifyRequest, reply: FastifyReply, level: Level): void {
  request.log[level](
    {
      method: request.method,
      url: loggableUrl(request.url),
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    },
    'request',
  );
}

export async function buildServer(deps: ServerDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const output: LogOutput = options.logStream
    ? { stream: options.logStream, requestLevel: 'info' }
    : logOutput(resolveLogFormat(config.logFormat, process.stdout.isTTY === true));
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      stream: output.stream,
    },
    bodyLimit: config.bodyLimit,
    // Only the listed proxies may set the client address (proxy-addr semantics): believing
    // X-Forwarded-For from anyone would let a client pick the address that is throttled and audited.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // A caller's own request id is kept when it is safe to log; otherwise we make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    // One line per request (written in onResponse below) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // The router's own errors (a path part too long, bad percent-encoding) get the error shape too,
    // and the request id and log line that hooks give every other reply: none runs for these.
    frameworkErrors: (err, request, reply) => {
      reply.header('x-request-id', request.id);
      handleError(err, request, reply);
      logRequest(request, reply, output.requestLevel);
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  // The API speaks JSON only; a text body is answered 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  const principals = principalCache(deps);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Unless its route says otherwise (keepsAccess), a change made here may have been to a session,
    // a user, a role or a token: the next request must not be answered from a lookup made before it.
    const changed = !readOnlyMethods.has(request.method) && reply.statusCode < 400;
    if (changed && !request.routeOptions.config.keepsAccess) principals.clear();
    // While shutting down, a keep-alive connection that was busy when close() began would
    // otherwise stay open after its reply and hold the shutdown until it times out.
    if (!app.server.listening) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => logRequest(request, reply, output.requestLevel));
  closeSpareConnectionsOnClose(app);
  const allowedMethods = trackRoutes(app);

  await app.register(fastifyCookie);
  await registerCompression(app);
  registerSecurityHeaders(app);
  installRateLimit(app, config.apiRateLimit, deps.clock);
  installAccessControl(app, deps);
  app.addHook('preValidation', refuseNulCharacters);
  app.addHook('preHandler', async (request) => checkCsrf(deps, request));
  installIdempotency(app, deps);
  await registerOpenApi(app);
  await app.register(apiDocsRoutes());
  await app.register(systemRoutes(deps));
  await registerMetrics(app, deps);
  await app.register(setupRoutes(deps));
  await app.register(sessionRoutes(deps));
  await app.register(mfaRoutes(deps));
  await app.register(passwordRoutes(deps));
  await app.register(practiceRoutes(deps));
  await app.register(homeRoutes(deps));
  await app.register(memberRoutes(deps));
  await app.register(invitationRoutes(deps));
  await app.register(apiTokenRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(assessmentRoutes(deps));
  await app.register(matrixRoutes(deps));
  await app.register(patientContactRoutes(deps));
  await app.register(deskRoutes(deps));
  await app.register(deskReportRoutes(deps));
  await app.register(ticketRoutes(deps));
  await app.register(deskMailRoutes(deps));
  await app.register(deskIntakeRoutes(deps));
  await app.register(ticketAttachmentRoutes(deps));
  await app.register(monitorRoutes(deps));
  await app.register(monitorFigureRoutes(deps));
  await app.register(monitorOverviewRoutes(deps));
  await app.register(monitorStatusPageRoutes(deps));
  await app.register(backupRoutes(deps));
  await app.register(backupRestoreTestRoutes(deps));
  await app.register(deviceRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(jobRoutes(deps));
  await app.register(keyRotationRoutes(deps));
  for (const scope of [practiceWebhookScope(deps), organizationWebhookScope(deps)]) {
    await app.register(webhookRoutes(deps, scope));
    await app.register(webhookDeliveryRoutes(deps, scope));
  }

  const webDir = config.webDir ?? defaultWebDir;
  if (existsSync(webDir)) await registerWebApp(app, webDir);
  installFallback(app, allowedMethods, existsSync(webDir) ? webDir : undefined);
  const { flush } = output;
  if (flush) app.addHook('onClose', async () => flush());
  return app;
}
