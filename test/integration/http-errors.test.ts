import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachEngine } from '../support/databases.ts';
import { openMigratedMemoryDatabase } from '../support/pglite-snapshot.ts';
import { buildTestServer, type LogCapture } from '../support/server.ts';
import { as, buildWorld, signInAs, type SignedIn } from '../support/world.ts';

const errorShape = expect.objectContaining({
  error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) }),
});

describeEachEngine('HTTP API errors and practices', (db) => {
  let app: FastifyInstance;
  let logs: LogCapture;
  let admin: SignedIn;
  beforeAll(async () => {
    const world = await buildWorld(db());
    ({ app, logs } = world);
    admin = await signInAs(world, world.users.mspAdmin);
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (payload: string | object, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/practices',
      headers: { ...as(admin), 'content-type': contentType },
      payload,
    });

  it('creates a practice and reads it back, unicode intact', async () => {
    const created = await post({ name: 'Clínica Dental Ñandú 🦷', specialty: 'dental', timeZone: 'America/Chicago' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      name: 'Clínica Dental Ñandú 🦷',
      specialty: 'dental',
      jurisdiction: 'US',
      timeZone: 'America/Chicago',
    });
    expect(created.headers.location).toBe(`/api/v1/practices/${body.id}`);
    const read = await app.inject({ method: 'GET', url: `/api/v1/practices/${body.id}`, headers: as(admin) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await post('{"name": "Broken', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(errorShape);
    expect(res.json().error.code).toBe('malformed_json');
  });

  it('answers a 5 MiB body with 413 and writes nothing', async () => {
    const before = await db().query<{ n: string }>('select count(*)::text as n from practices');
    const res = await post(JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024), specialty: 'dental' }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const after = await db().query<{ n: string }>('select count(*)::text as n from practices');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('names every wrong field', async () => {
    const res = await post({ name: 42, specialty: 'veterinary', timeZone: 'Mars/Olympus', colour: 'red' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    const paths = error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body', 'body.name', 'body.specialty', 'body.timeZone']);
  });

  it('rejects a blank name and missing fields', async () => {
    const res = await post({ name: '   ' });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    expect(paths).toEqual(['body.name', 'body.specialty']);
  });

  it('answers unknown routes with 404 and wrong methods with 405 + Allow', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const wrong = await app.inject({ method: 'DELETE', url: '/api/v1/practices' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET, POST');
    expect(wrong.json().error.code).toBe('method_not_allowed');
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await post('name=x', 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('answers a bad id with 400 and an unknown id with 404', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/v1/practices/123', headers: as(admin) });
    expect(bad.json().error.details[0].path).toBe('params.practiceId');
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/practices/5b6f1c7e-8d0a-4a43-9d55-1f0c2d3e4f50',
      headers: as(admin),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('answers paths the router itself refuses in the error shape: an overlong id 414, bad percent-encoding 400', async () => {
    const long = await app.inject({ method: 'GET', url: `/api/v1/practices/${'9'.repeat(300)}`, headers: as(admin) });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual(errorShape);
    expect(long.json().error.code).toBe('uri_too_long');
    const badEncoding = await app.inject({ method: 'GET', url: '/api/v1/practices/%E0%A4%A', headers: as(admin) });
    expect(badEncoding.statusCode).toBe(400);
    expect(badEncoding.json()).toEqual(errorShape);
    expect(badEncoding.json().error.message).toMatch(/percent-encoding/);
    expect(long.headers['x-request-id']).toEqual(expect.any(String));
    const logged = logs.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === long.headers['x-request-id']);
    expect(logged).toMatchObject({ statusCode: 414 });
  });

  it("keeps the caller's safe request id, replaces an unsafe one, and logs requests as JSON", async () => {
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'evil\nline' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'abc-123');
    expect(line).toBeDefined();
  });

  it('reports readiness and status', async () => {
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
    const status = (await app.inject({ method: 'GET', url: '/api/v1/status', headers: as(admin) })).json();
    expect(status.details.database.migrationsCurrent).toBe(true);
    expect(status.details.database.migrationLevel).toMatch(/^\d{4}_/);
  });
});

describe('unexpected errors', () => {
  it('answer 500 with the request id and keep the stack in the log only', async () => {
    const database = await openMigratedMemoryDatabase();
    const { app, logs } = await buildTestServer(database);
    app.get('/api/v1/boom', { config: { access: { kind: 'public' } } }, async () => {
      throw new Error('secret internal detail');
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(res.statusCode).toBe(500);
    const { error } = res.json();
    expect(error.code).toBe('internal');
    expect(error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('at ');
    expect(logs.text).toContain('secret internal detail');
    await app.close();
    await database.close();
  });

  it('a database that is not migrated is not ready', async () => {
    const { openDatabase } = await import('../../src/core/db/database.ts');
    const database = await openDatabase({ kind: 'memory' });
    const { app } = await buildTestServer(database);
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', database: 'ok', migrations: 'pending' });
    await app.close();
    await database.close();
  });
});
