/**
 * First-run setup over HTTP: every 400 names its fields as "body.<field>", like the rest of the
 * API, whether the route's schema or the setup code (password rules, time zone) found the problem.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { issueSetupLink } from '../../src/core/identity/setup.ts';
import { describeEachEngine } from '../support/databases.ts';
import { buildTestServer } from '../support/server.ts';

describeEachEngine('first-run setup', (db) => {
  let app: FastifyInstance;
  let token: string;
  const valid = () => ({
    token,
    organization: { name: 'Harbor IT Partners', kind: 'msp' },
    practice: { name: 'Alder Family Medicine', specialty: 'medical', timeZone: 'America/Chicago' },
    admin: { email: 'ada@harbor.example', displayName: 'Ada', password: 'violet kayak orbit 7731' },
  });
  const setup = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/setup', payload });
  const details = async (payload: object) => {
    const res = await setup(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    return res.json().error.details as { path: string; message: string }[];
  };

  beforeAll(async () => {
    const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));
    ({ app } = await buildTestServer(db(), { clock }));
    token = await issueSetupLink(db().db, clock);
  });

  it("names the schema's problems under body.", async () => {
    const body = valid();
    expect(
      await details({
        ...body,
        admin: { ...body.admin, email: 'not an email', password: '' },
        practice: { ...body.practice, specialty: 'vet' },
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'body.admin.email', message: 'must be an email address' },
        { path: 'body.admin.password', message: 'is required' },
        { path: 'body.practice.specialty', message: expect.any(String) },
      ]),
    );
  });

  it('names the password rules and the time zone check under body. too', async () => {
    const body = valid();
    expect(await details({ ...body, admin: { ...body.admin, password: 'password1234' } })).toEqual([
      { path: 'body.admin.password', message: 'is a commonly used password; choose another' },
    ]);
    expect(
      await details({
        ...body,
        admin: { ...body.admin, password: 'ada.secret.words', email: 'ada.secret@harbor.example' },
        practice: { ...body.practice, timeZone: 'Mars/Olympus' },
      }),
    ).toEqual([
      { path: 'body.admin.password', message: 'must not contain your email name' },
      { path: 'body.practice.timeZone', message: 'must be an IANA time zone such as America/Chicago' },
    ]);
  });

  it('then sets up once with valid details', async () => {
    expect((await setup(valid())).statusCode).toBe(201);
    expect((await setup(valid())).statusCode).toBe(409);
  });
});
