/**
 * The OpenAPI document as integrators' tools take it (issue 23): Redocly's recommended rules
 * report nothing, and a TypeScript client generated from it with openapi-typescript compiles
 * under strict settings while using the operations a script starts with. Both run offline:
 * the document comes from the server in-process, and the tools are the installed packages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.ts';
import { openMigratedMemoryDatabase } from '../support/pglite-snapshot.ts';
import { buildTestServer } from '../support/server.ts';

const run = promisify(execFile);
const bin = (name: string) => join(process.cwd(), 'node_modules', '.bin', name);

/** Uses the generated types the way a script does; a change that breaks these lines fails the build. */
const clientSource = `
import type { paths } from './api.ts';

type TokenRequest = paths['/api/v1/practices/{practiceId}/api-tokens']['post']['requestBody'];
type TokenCreated = paths['/api/v1/practices/{practiceId}/api-tokens']['post']['responses'][201]['content']['application/json'];
type MemberPage = paths['/api/v1/practices/{practiceId}/members']['get']['responses'][200]['content']['application/json'];
type MemberQuery = NonNullable<paths['/api/v1/practices/{practiceId}/members']['get']['parameters']['query']>;

export const body: NonNullable<TokenRequest>['content']['application/json'] = {
  name: 'PSA sync',
  permissions: ['users.read'],
  expiresInDays: 90,
};
export const secret = (created: TokenCreated): string => created.token;
export const query: MemberQuery = { limit: 100, cursor: 'abc' };
export function emails(page: MemberPage): { emails: string[]; next: string | null } {
  return { emails: page.members.map((m) => m.email), next: page.next };
}
`;

describe('OpenAPI document for integrators', () => {
  let database: Database;
  let app: FastifyInstance;
  let dir: string;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    database = await openMigratedMemoryDatabase();
    ({ app } = await buildTestServer(database));
    document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    dir = await mkdtemp(join(tmpdir(), 'tandem-openapi-'));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes Redocly lint with the recommended rules and no warning', { timeout: 180_000 }, async () => {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const { stdout } = await run(bin('redocly'), ['lint', file, '--format=json', '--extends=recommended'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 170_000,
    });
    const report = JSON.parse(stdout) as { totals: object; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it('generates a typed client with openapi-typescript that compiles', { timeout: 180_000 }, async () => {
    const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
    await writeFile(join(dir, 'api.ts'), astToString(ast));
    await writeFile(join(dir, 'client.ts'), clientSource);
    const args = [
      '--noEmit',
      '--strict',
      '--target',
      'ES2022',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      // TypeScript's own lib files need no checking here: half of tsc's CPU time, none of the client.
      '--skipLibCheck',
    ];
    const compiled = await run(bin('tsc'), [...args, '--allowImportingTsExtensions', join(dir, 'client.ts')], {
      timeout: 170_000,
    }).then(
      () => '',
      (err: { stdout?: string }) => err.stdout ?? String(err),
    );
    expect(compiled).toBe('');
  });
});
