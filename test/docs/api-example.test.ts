/**
 * The example script in docs/api.md runs as written against a Tandem server: a token made for it
 * pages through a practice's members, one page at a time, and prints each of them once.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import { openMigratedMemoryDatabase } from '../support/pglite-snapshot.ts';
import { as, buildWorld, signInAs, type World } from '../support/world.ts';

const run = promisify(execFile);

/** The first JavaScript block of docs/api.md. */
function exampleScript(): string {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const script = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!script) throw new Error('docs/api.md has no js example');
  return script;
}

describe('the API example in docs/api.md', () => {
  let database: Database;
  let world: World;
  let dir: string;
  beforeAll(async () => {
    database = await openMigratedMemoryDatabase();
    world = await buildWorld(database);
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    dir = await mkdtemp(join(tmpdir(), 'tandem-example-'));
  });
  afterAll(async () => {
    await world.app.close();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pages through every member with a least-privilege token', { timeout: 60_000 }, async () => {
    const admin = await signInAs(world, world.users.practiceAdmin);
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/practices/${world.practices.a}/api-tokens`,
      headers: as(admin),
      payload: { name: 'PSA sync', permissions: ['practice.read', 'users.read'], expiresInDays: 90 },
    });
    expect(created.statusCode).toBe(201);
    // One page of 100 holds practice A's six members; a smaller page size is exercised by the
    // conventions test. The script is the documented one, byte for byte.
    const file = join(dir, 'members.mjs');
    await writeFile(file, exampleScript());
    const address = world.app.server.address() as { port: number };
    const { stdout } = await run(process.execPath, [file], {
      env: {
        ...process.env,
        TANDEM: `http://127.0.0.1:${address.port}`,
        TOKEN: created.json().token as string,
        PRACTICE: world.practices.a,
      },
      timeout: 50_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines).toContain(`${world.users.practiceAdmin.email}\tpractice_admin`);
    expect(new Set(lines).size).toBe(6);
  });
});
