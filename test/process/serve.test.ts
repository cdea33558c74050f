import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testAuditKey } from '../support/audit-key.ts';
import { migratedDataFolder } from '../support/data-folder.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { repoRoot, spawnServer, stopServer, tandemBin } from '../support/spawn-server.ts';

type EngineEnv = { name: string; env: () => Record<string, string>; setup(): Promise<void>; teardown(): Promise<void> };

function embedded(): EngineEnv {
  let dir = '';
  return {
    name: 'embedded',
    env: () => ({ TANDEM_DATA_DIR: dir }),
    setup: async () => {
      // Serving, restarting and stopping are under test here, not the first run's migrations.
      dir = migratedDataFolder('tandem-serve-');
    },
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgres(): EngineEnv {
  let db: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  return {
    name: 'postgres',
    env: () => ({ DATABASE_URL: db?.url ?? '', TANDEM_ENCRYPTION_KEY: `k1:${testKey}`, TANDEM_AUDIT_KEY: testAuditKey }),
    setup: async () => {
      db = await createPostgresDatabase();
    },
    teardown: async () => db?.drop(),
  };
}

const testKey = randomBytes(32).toString('base64');
const adminEmail = 'owner@serve-test.example';
const adminPassword = 'a long test passphrase';

/** First-run setup through the CLI, as an operator would, on the engine's database. */
function setup(env: Record<string, string>): void {
  const result = spawnSync(
    process.execPath,
    [tandemBin, 'setup', '--org-name', 'Serve Test Org', '--org-kind', 'practice', '--practice-name', 'Serve Test Clinic', '--specialty', 'medical', '--admin-email', adminEmail, '--admin-name', 'Owner', '--password-stdin'],
    { cwd: repoRoot, env: { ...process.env, ...env }, input: adminPassword, encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`setup failed: ${result.stderr}`);
}

/** Signs in as the organisation administrator; returns the headers writes need. */
async function signIn(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  const body = (await res.json()) as { csrfToken: string; status: string };
  if (body.status !== 'signed_in') throw new Error(`sign-in: ${JSON.stringify(body)}`);
  const cookie = /tandem_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return { cookie, 'x-csrf-token': body.csrfToken };
}

async function createPractice(url: string, name: string, auth: Record<string, string>): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${url}/api/v1/practices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ name, specialty: 'medical' }),
  });
  const body = (await res.json()) as { id?: string };
  return { status: res.status, id: body.id };
}

for (const engine of [embedded(), postgres()]) {
  const unavailable = engine.name === 'postgres' && !inject('postgresUrl');
  describe.skipIf(unavailable)(`tandem serve [${engine.name}]`, () => {
    beforeAll(async () => {
      await engine.setup();
      setup(engine.env());
    });
    afterAll(() => engine.teardown());

    it('becomes ready, keeps data across a restart, and exits 0 on SIGTERM', async () => {
      const first = await spawnServer(engine.env());
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      const created = await createPractice(first.url, 'Persistent Pediatrics', await signIn(first.url));
      expect(created.status).toBe(201);
      expect(await stopServer(first)).toBe(0);

      const second = await spawnServer(engine.env());
      const read = await fetch(`${second.url}/api/v1/practices/${created.id}`, { headers: await signIn(second.url) });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { name: string }).name).toBe('Persistent Pediatrics');
      expect(await stopServer(second)).toBe(0);
    });

    it('keeps every write that got a 2xx when SIGTERM arrives mid-load', async () => {
      const server = await spawnServer(engine.env());
      const auth = await signIn(server.url);
      const acknowledged: string[] = [];
      let sent = 0;
      let signalled = false;
      // Eight clients write until the server stops answering; SIGTERM goes out after 40 writes.
      const client = async () => {
        for (;;) {
          try {
            const result = await createPractice(server.url, `Load ${sent++}`, auth);
            if (result.status === 201 && result.id) acknowledged.push(result.id);
            else if (result.status !== 503) throw new Error(`unexpected ${result.status}`);
            else return;
          } catch (err) {
            if (signalled) return; // connection refused or reset once the server has closed
            throw err;
          }
          if (acknowledged.length >= 40 && !signalled) {
            signalled = true;
            server.child.kill('SIGTERM');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));
      expect(await server.exited, server.output()).toBe(0);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);

      const check = await spawnServer(engine.env());
      const checkAuth = await signIn(check.url);
      const statuses = await Promise.all(
        acknowledged.map(async (id) => (await fetch(`${check.url}/api/v1/practices/${id}`, { headers: checkAuth })).status),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(await stopServer(check)).toBe(0);
    });
  });
}
