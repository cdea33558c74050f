/**
 * The README's first run, exactly as written: `tandem serve`, then `tandem setup` in another
 * terminal while the server runs, then signing in through the server. On the embedded database
 * the second process must not open the folder the server owns; it hands its work to the server.
 * Also: one owner per folder, stale locks after kill -9, and an owner-only folder.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testAuditKey } from '../support/audit-key.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { repoRoot, spawnServer, stopServer, tandemBin, type ServerProcess } from '../support/spawn-server.ts';

const email = 'owner@first-run.example';
const password = 'a first-run passphrase';

/** Runs `tandem ARGS` as a second process, the way a user does in another terminal. */
function tandem(
  args: string[],
  env: Record<string, string>,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tandemBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, TANDEM_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const setupArgs = [
  'setup',
  ...['--org-name', 'First Run Clinic', '--org-kind', 'practice', '--practice-name', 'First Run Clinic'],
  ...['--specialty', 'dental', '--admin-email', email, '--admin-name', 'Owner', '--password-stdin'],
];

async function signIn(url: string): Promise<{ status: number; headers: Record<string, string>; practiceId?: string }> {
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken?: string; memberships?: { practiceId: string }[] };
  const cookie = /tandem_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return {
    status: res.status,
    headers: { cookie, 'x-csrf-token': body.csrfToken ?? '' },
    practiceId: body.memberships?.[0]?.practiceId,
  };
}

function waitForExit(server: ServerProcess): Promise<number | null> {
  return server.exited;
}

describe('first run on the embedded database', () => {
  let dir = '';
  let server: ServerProcess | undefined;
  const env = () => ({ TANDEM_DATA_DIR: dir });

  beforeAll(async () => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-first-run-')), 'data');
    server = await spawnServer(env());
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('sets up from a second process while the server runs, and signs in through the server', async () => {
    const setup = await tandem(setupArgs, env(), password);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain(`Sign in as ${email}`);
    const signedIn = await signIn(server!.url);
    expect(signedIn.status).toBe(200);
    // Setting up twice is refused by the server, not by a second copy of the database.
    const again = await tandem(setupArgs, env(), password);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already set up');
  });

  it('rotates keys through the server, which then reads patient data under the new key', async () => {
    const { headers, practiceId } = await signIn(server!.url);
    const contacts = `${server!.url}/api/v1/practices/${practiceId}/patient-contacts`;
    const created = await fetch(contacts, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'Pat Rotation', phone: '+1 555 0100', email: 'pat@example.org' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const rotate = await tandem(['keys', 'rotate', '--json'], env());
    expect(rotate.code).toBe(0);
    expect(JSON.parse(rotate.stdout)).toMatchObject({ currentKeyId: 'k2', reencrypted: 3 });
    const status = await tandem(['keys', 'status', '--json'], env());
    expect(JSON.parse(status.stdout)).toMatchObject({ currentKeyId: 'k2' });

    const read = await fetch(`${contacts}/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ name: 'Pat Rotation', phone: '+1 555 0100' });
  });

  it('answers read-only commands through the server', async () => {
    const migrate = await tandem(['migrate', '--status', '--json'], env());
    expect(migrate.code).toBe(0);
    expect(JSON.parse(migrate.stdout)).toMatchObject({ mode: 'embedded', current: true });
    const verify = await tandem(['audit', 'verify'], env());
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/entries verified/);
  });

  it('refuses a second server on the same folder, naming the one that runs', async () => {
    const second = await tandem(['serve', '--port', '0'], env());
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Tandem is running on the data folder ${dir} (pid ${server!.child.pid})`);
    expect(second.stderr).toContain(server!.url);
  });

  it('keeps the folder and its files owner-only', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const loose = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && (statSync(path.join(e.parentPath, e.name)).mode & 0o077) !== 0)
      .map((e) => e.name);
    expect(loose).toEqual([]);
  });

  it('takes over the lock a killed server left, with a log line, and keeps the data', async () => {
    server!.child.kill('SIGKILL');
    await waitForExit(server!);
    expect(existsSync(path.join(dir, 'tandem.lock'))).toBe(true);
    const killedPid = server!.child.pid;
    server = await spawnServer(env());
    expect(server.output()).toContain(`Took over the data folder's lock from pid ${killedPid}`);
    expect((await signIn(server.url)).status).toBe(200);
  });

  it('removes its lock and socket on a clean stop, and commands then open the folder themselves', async () => {
    expect(await stopServer(server!)).toBe(0);
    server = undefined;
    expect(existsSync(path.join(dir, 'tandem.lock'))).toBe(false);
    expect(existsSync(path.join(dir, 'tandem.sock'))).toBe(false);
    const status = await tandem(['migrate', '--status'], env());
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('up to date');
  });
});

describe.skipIf(!inject('postgresUrl'))('first run on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let server: ServerProcess | undefined;
  const env = () => ({
    DATABASE_URL: db!.url,
    TANDEM_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    TANDEM_AUDIT_KEY: testAuditKey,
  });
  let fixedEnv: Record<string, string> = {};

  beforeAll(async () => {
    db = await createPostgresDatabase();
    fixedEnv = env();
    server = await spawnServer(fixedEnv);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    await db?.drop();
  });

  it('sets up from a second process while the server runs, and signs in through the server', async () => {
    const setup = await tandem(setupArgs, fixedEnv, password);
    expect(setup.code).toBe(0);
    expect((await signIn(server!.url)).status).toBe(200);
  });
});
