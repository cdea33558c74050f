import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/core/db/database.ts';
import { openMigratedMemoryDatabase } from '../support/pglite-snapshot.ts';
import { buildTestServer } from '../support/server.ts';

describe('OpenAPI document', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openMigratedMemoryDatabase();
    ({ app } = await buildTestServer(database));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('is a valid OpenAPI 3.1 document that lists the API routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/status', '/api/v1/practices', '/api/v1/practices/{practiceId}']),
    );
    expect(doc.paths['/api/v1/practices'].post.requestBody.content['application/json'].schema).toBeDefined();
  });
});
