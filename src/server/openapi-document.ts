/**
 * The finishing pass over the generated OpenAPI document, so that linters and client generators
 * take it as it is (Redocly's recommended rules, openapi-typescript; both run in the test suite):
 * records over a fixed set of keys become objects that define those keys, schemas nothing refers
 * to are dropped, and the conventions every route shares (rate limits, idempotent creates,
 * conditional updates) are stated once per operation from the same rules the server applies.
 */
import { isIdempotentCreate } from './idempotency.ts';
import { apiTags, operationExamples } from './openapi-examples.ts';

type Json = Record<string, unknown>;

export interface OpenApiDocument extends Json {
  paths: Record<string, Record<string, Operation>>;
  components: Json & { schemas?: Record<string, unknown> };
}

interface Operation extends Json {
  operationId: string;
  parameters?: Json[];
  requestBody?: { content?: Record<string, Json> };
  responses: Record<string, Json>;
}

const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Calls `visit` on every object in the tree, children first. */
function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    Object.values(node).forEach((child) => walk(child, visit));
    visit(node as Json);
  }
}

/**
 * zod emits `z.record(z.enum([...]), v)` as propertyNames + additionalProperties with every key
 * required but none defined, so generated types lose the keys. Name them as properties instead.
 */
function defineFixedKeys(obj: Json): void {
  const names = obj.propertyNames as { enum?: unknown[] } | undefined;
  if (!names?.enum || obj.properties || !Array.isArray(obj.required)) return;
  const value = obj.additionalProperties ?? {};
  obj.properties = Object.fromEntries(names.enum.map((key) => [String(key), value]));
  obj.additionalProperties = false;
  delete obj.propertyNames;
}

/**
 * Drops components nothing refers to: fastify-type-provider-zod emits an input and an output twin
 * of each named schema, and the shared headers and responses apply only to some documents.
 */
function pruneUnusedComponents(doc: OpenApiDocument): void {
  const components = doc.components as Record<string, Record<string, unknown>>;
  const referenced = new Set<string>();
  const pending = [JSON.stringify(doc.paths)];
  while (pending.length > 0) {
    for (const [ref, kind, name] of pending.pop()!.matchAll(/"#\/components\/([A-Za-z]+)\/([^"]+)"/g)) {
      if (!kind || !name || referenced.has(ref)) continue;
      referenced.add(ref);
      pending.push(JSON.stringify(components[kind]?.[name] ?? null));
    }
  }
  for (const [kind, entries] of Object.entries(components)) {
    if (kind === 'securitySchemes') continue;
    for (const name of Object.keys(entries))
      if (!referenced.has(`"#/components/${kind}/${name}"`)) delete entries[name];
  }
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

const sharedComponents = {
  headers: {
    'RateLimit-Limit': {
      description: 'Requests allowed per window for this caller',
      schema: { type: 'integer' },
    },
    'RateLimit-Remaining': {
      description: 'Requests left in the current window',
      schema: { type: 'integer' },
    },
    'RateLimit-Reset': {
      description: 'Seconds until the window resets',
      schema: { type: 'integer' },
    },
    'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
    ETag: {
      description: 'The version of the resource in this reply; send it back in If-Match to change it',
      schema: { type: 'string' },
    },
  },
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A key of your choosing (1-255 printable characters, a UUID is best). A retry with the same key and body ' +
        'within 24 hours gets the first reply again and creates nothing; the same key with another body is refused (422).',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
    IfMatch: {
      name: 'If-Match',
      in: 'header',
      required: false,
      description:
        'The ETag of the version you read. When the resource has changed since, nothing is changed and the reply is 412.',
      schema: { type: 'string' },
    },
  },
  responses: {
    TooManyRequests: {
      description: 'Too many requests from this caller: wait Retry-After seconds',
      headers: {
        'Retry-After': headerRef('Retry-After'),
        'RateLimit-Limit': headerRef('RateLimit-Limit'),
        'RateLimit-Remaining': headerRef('RateLimit-Remaining'),
        'RateLimit-Reset': headerRef('RateLimit-Reset'),
      },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    PreconditionFailed: {
      description: 'The resource changed since the version named in If-Match',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    UnprocessableIdempotencyKey: {
      description: 'The Idempotency-Key was used before with a different request',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  },
};

function successResponses(op: Operation): Json[] {
  return Object.entries(op.responses)
    .filter(([status]) => status.startsWith('2'))
    .map(([, response]) => response);
}

/** Rate-limit headers on every success, 429 on every operation, Idempotency-Key on creates, If-Match on updates. */
function stateConventions(path: string, method: string, op: Operation, conditional: boolean): void {
  for (const response of successResponses(op)) {
    response.headers = {
      ...(response.headers as Json | undefined),
      'RateLimit-Limit': headerRef('RateLimit-Limit'),
      'RateLimit-Remaining': headerRef('RateLimit-Remaining'),
      'RateLimit-Reset': headerRef('RateLimit-Reset'),
      ...(conditional && method !== 'delete' ? { ETag: headerRef('ETag') } : {}),
    };
  }
  op.responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
  if (isIdempotentCreate(method, path, Object.keys(op.responses))) {
    op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
    op.responses['422'] = { $ref: '#/components/responses/UnprocessableIdempotencyKey' };
  }
  if (conditional && (method === 'patch' || method === 'put')) {
    op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IfMatch' }];
    op.responses['412'] = { $ref: '#/components/responses/PreconditionFailed' };
  }
}

/** Examples for the main operations' bodies (checked against their schemas by the linter). */
function addExamples(op: Operation): void {
  const examples = operationExamples[op.operationId];
  if (!examples) return;
  const request = op.requestBody?.content?.['application/json'];
  if (request && examples.request !== undefined) request.example = examples.request;
  for (const [status, example] of Object.entries(examples.responses ?? {})) {
    const content = (op.responses[status]?.content as Record<string, Json> | undefined)?.['application/json'];
    if (content) content.example = example;
  }
}

/**
 * Finishes the document @fastify/swagger built. `conditionalPaths` are the routes (OpenAPI path
 * syntax) whose replies carry an ETag and whose updates honour If-Match.
 */
export function polishDocument(doc: OpenApiDocument, conditionalPaths: ReadonlySet<string>): OpenApiDocument {
  walk(doc, defineFixedKeys);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      stateConventions(path, method, op, conditionalPaths.has(path));
      addExamples(op);
    }
  }
  doc.components = { ...doc.components, ...structuredClone(sharedComponents) };
  pruneUnusedComponents(doc);
  doc.tags = apiTags;
  return doc;
}
