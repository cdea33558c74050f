/**
 * TANDEM_TRUST_PROXY lists the proxies whose X-Forwarded-For is believed. From anyone else the
 * header is ignored, so a client cannot choose the address the throttle counts and the audit log
 * records. Real sockets from chosen loopback addresses play the client and the proxy.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { describeEachEngine } from '../support/databases.ts';
import { request } from '../support/http-client.ts';
import { buildTestServer } from '../support/server.ts';
import { buildWorld, type World } from '../support/world.ts';

describeEachEngine('trusted proxies', (db) => {
  const proxy = '127.0.0.21';
  let world: World;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    world = await buildWorld(db());
    ({ app } = await buildTestServer(db(), {
      clock: world.clock,
      keyring: world.keyring,
      config: { trustProxy: loadConfig({ TANDEM_TRUST_PROXY: `${proxy}/32, fd00::/64` }).trustProxy },
    }));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  /** Signs in as an unknown address and returns the IP the audit log recorded for it. */
  async function auditedIp(email: string, from: string, forwardedFor: string): Promise<string | null> {
    const reply = await request(base, 'POST', '/api/v1/auth/sign-in', {
      from,
      headers: { 'x-forwarded-for': forwardedFor },
      body: { email, password: 'not the password at all' },
    });
    expect(reply.status).toBe(401);
    const rows = await db().query<{ ip: string | null }>(
      `select ip from audit_log where action = 'auth.sign_in.failed' and actor_label = $1`,
      [email],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.ip;
  }

  it('ignores X-Forwarded-For from a client that is not a listed proxy', async () => {
    expect(await auditedIp('forged@nowhere.example', '127.0.0.20', '198.51.100.7')).toBe('127.0.0.20');
  });

  it('believes X-Forwarded-For from a listed proxy', async () => {
    expect(await auditedIp('proxied@nowhere.example', proxy, '198.51.100.8')).toBe('198.51.100.8');
  });

  it('takes the nearest address the proxies did not vouch for, not the one the client wrote first', async () => {
    // The client sent "X-Forwarded-For: 198.51.100.66"; the proxy appended the client's real address.
    expect(await auditedIp('chain@nowhere.example', proxy, '198.51.100.66, 203.0.113.5')).toBe('203.0.113.5');
  });
});
