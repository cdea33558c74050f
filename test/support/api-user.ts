/**
 * A person talking to a spawned server's API the way the web app does (session cookie and CSRF
 * token), and the co-managed practice the browser tests start from.
 */
import { expect } from 'vitest';
import { totpCode } from '../../src/core/identity/totp.ts';
import { setupToken } from './e2e.ts';
import type { ServerProcess } from './spawn-server.ts';

export class ApiUser {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = /tandem_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (set) this.cookie = `tandem_session=${set}`;
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { csrfToken?: string }) : null;
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return { status: res.status, json };
  }

  /** The session cookie's value, for a browser context that should be this person. */
  sessionToken(): string {
    return this.cookie.replace(/^tandem_session=/, '');
  }

  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const res = await this.call(method, path, body);
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    return res.json as T;
  }
}

export interface Person {
  name: string;
  email: string;
  password: string;
}

/**
 * A co-managed practice on a fresh server: set up for an MSP organisation with `msp` as its
 * administrator, who signs in, enrols the second factor their role requires, and invites
 * `manager` as the practice administrator, who accepts by choosing the password of the new
 * account. Returns the MSP administrator's API session and the practice. With an SMTP server the
 * accept link goes only to the invitee, so `invitationLink` reads it from their email.
 */
export async function setUpCoManagedPractice(
  server: ServerProcess,
  {
    msp,
    manager,
    practiceName,
    invitationLink,
  }: { msp: Person; manager: Person; practiceName: string; invitationLink?: () => Promise<URL> },
): Promise<{ mspUser: ApiUser; mspSecret: string; practiceId: string }> {
  const token = await setupToken(server);
  const setup = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      organization: { name: 'Harbor IT Partners', kind: 'msp' },
      practice: { name: practiceName, specialty: 'medical', timeZone: 'America/Chicago' },
      admin: { email: msp.email, displayName: msp.name, password: msp.password },
    }),
  });
  expect(setup.status, await setup.text()).toBe(201);

  const mspUser = new ApiUser(server.url);
  await mspUser.ok('POST', '/api/v1/auth/sign-in', { email: msp.email, password: msp.password });
  const { secret } = await mspUser.ok<{ secret: string }>('POST', '/api/v1/auth/mfa/enrolment', {});
  await mspUser.ok('POST', '/api/v1/auth/mfa/enrolment/confirm', { code: await totpCode(secret, new Date()) });
  const session = await mspUser.ok<{ memberships: { practiceId: string }[] }>('GET', '/api/v1/auth/session');
  const practiceId = session.memberships[0]!.practiceId;
  const invited = await mspUser.ok<{ invitationLink?: string }>(
    'POST',
    `/api/v1/practices/${practiceId}/members`,
    { email: manager.email, displayName: manager.name, role: 'practice_admin' },
    201,
  );
  const link = invitationLink ? await invitationLink() : new URL(invited.invitationLink!);
  const accepted = await fetch(`${server.url}/api/v1/invitations/create-account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token'), password: manager.password }),
  });
  expect(accepted.status, await accepted.text()).toBeLessThan(300);
  return { mspUser, mspSecret: secret, practiceId };
}
