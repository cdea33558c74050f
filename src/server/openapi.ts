import swagger, { type SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { permissions } from '../core/permissions/permissions.ts';
import { version } from '../core/version.ts';
import { access } from './caller/access.ts';
import { polishDocument, type OpenApiDocument } from './openapi-document.ts';
import { describeOperation } from './openapi-operations.ts';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The reply of an action that has nothing to return but its success. */
export const okSchema = z.object({ ok: z.literal(true) });

/** The failures every API route can answer with, listed once for the OpenAPI document. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  500: errorSchema,
} as const;

export const openApiPath = '/api/v1/openapi.json';

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPathOf = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * zod -> JSON Schema (fastify-type-provider-zod), then the operation's id, tags and security;
 * notes the paths whose routes send ETag (`conditional`), for the document's finishing pass.
 */
function transformRoutes(conditionalPaths: Set<string>): SwaggerTransform {
  return (input) => {
    const transformed = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
    const schema = transformed.schema as Record<string, unknown>;
    if (schema.hide) return transformed;
    if (input.route.config?.etag) conditionalPaths.add(openApiPathOf(input.url));
    const method = [input.route.method].flat()[0] ?? 'GET';
    const described = describeOperation(method, input.url, input.route.config?.access, schema);
    return { ...transformed, schema: { ...schema, ...described } };
  };
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const conditionalPaths = new Set<string>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version,
        description:
          'Decide, agree and run a healthcare practice\'s IT. Every failing reply has the shape {"error":{"code","message","details":[{"path","message"}]}}. Conventions (pagination, concurrency, idempotency, rate limits): docs/api.md.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact: { name: 'Tandem maintainers' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'tandem_session',
            description: 'Browser session; changes also need the X-CSRF-Token header',
          },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'API token (tdm_...), scoped to one practice. An operation lists the permission a token needs as ' +
              `its requirement's scope; a token holds any of: ${permissions.join(', ')}.`,
          },
          metricsToken: {
            type: 'http',
            scheme: 'bearer',
            description: "The operator's TANDEM_METRICS_TOKEN, for a Prometheus scraper (GET /metrics only)",
          },
        },
      },
    },
    transform: transformRoutes(conditionalPaths),
    transformObject: (input) => polishDocument(jsonSchemaTransformObject(input) as OpenApiDocument, conditionalPaths),
  });
  app.get(openApiPath, { config: access.public, schema: { hide: true } }, async () => app.swagger());
}
