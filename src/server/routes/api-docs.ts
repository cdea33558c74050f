/**
 * The browsable API reference at /api/docs: Scalar's standalone browser bundle, served from the
 * installed @scalar/api-reference package (no CDN), reading the OpenAPI document from this
 * server. The page runs under the application's Content-Security-Policy unchanged: the bundle and
 * its configuration are scripts from this origin, and Scalar's run-time styles are inline, which
 * the policy already allows for Mantine. The bundle's stylesheet still names Scalar's web fonts
 * on fonts.scalar.com; the policy refuses them, so the page uses the system fonts and nothing
 * leaves for another origin (test/e2e/api-reference.e2e.test.ts).
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../caller/access.ts';
import { openApiPath } from '../openapi.ts';

export const apiDocsPath = '/api/docs';

const bundlePath = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem API reference</title>
</head>
<body>
<div id="api-reference"></div>
<script src="${apiDocsPath}/scalar.js"></script>
<script src="${apiDocsPath}/init.js"></script>
</body>
</html>
`;

/** Scalar's configuration, in a file of its own because the policy allows no inline script. */
const init = `Scalar.createApiReference('#api-reference', ${JSON.stringify({
  url: openApiPath,
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  metaData: { title: 'Tandem API reference' },
})});
`;

export function apiDocsRoutes(): FastifyPluginAsync {
  return async (app) => {
    const hidden = { schema: { hide: true } };
    app.get(apiDocsPath, { config: access.public, ...hidden }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(page),
    );
    app.get(`${apiDocsPath}/scalar.js`, { config: access.public, ...hidden }, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').send(createReadStream(bundlePath)),
    );
    app.get(`${apiDocsPath}/init.js`, { config: access.public, ...hidden }, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').send(init),
    );
  };
}
