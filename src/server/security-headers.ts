/**
 * Response headers that keep the browser on the user's side (OWASP ASVS 14.4): a Content-Security-
 * Policy the web app passes (scripts, styles and connections from Tandem only; Mantine sets
 * inline styles, and the MFA QR code is a data: image), no framing (clickjacking), nosniff, no
 * referrer (one-time links carry secrets in their query), HSTS when the request came over TLS,
 * and `Cache-Control: no-store` on every API reply, since most carry practice data and an
 * export or a shared computer's cache must not keep it.
 */
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public route whose reply holds nothing private sets its own Cache-Control (not no-store). */
    publicCache?: boolean;
  }
}

export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Not upgrade-insecure-requests: Tandem on a LAN address over plain HTTP would break itself.
  upgradeInsecureRequests: null,
};

const oneYear = 31_536_000;

export function registerSecurityHeaders(app: FastifyInstance): void {
  // Helmet itself, built once: its middleware only sets header values it computed here. (The
  // @fastify/helmet plugin called helmet() again on every request, parsing the whole policy each
  // time: about a tenth of a signed-in GET's JavaScript time in a profile, bench/profile-request.ts.)
  const setHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent below only over TLS: over plain HTTP the header is ignored, and it would pin a host name
    // to HTTPS that may serve only HTTP.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    // Helmet throws rather than pass an error on (since 8.1); with fixed options it has none to give.
    setHeaders(request.raw, reply.raw, () => undefined);
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('strict-transport-security', `max-age=${oneYear}; includeSubDomains`);
    // A public route that carries no private data may say otherwise (a status page: a few seconds).
    if (request.url.startsWith('/api/') && !request.routeOptions.config.publicCache)
      reply.header('cache-control', 'no-store');
  });
}
