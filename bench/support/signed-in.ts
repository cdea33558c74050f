/**
 * Benchmarks of authenticated routes: run `tandem setup` for a practice that runs Tandem itself
 * (its administrator needs no second factor), then sign in over HTTP and keep the session.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot, tandemBin } from '../../test/support/spawn-server.ts';

export const benchPassword = 'correct horse battery staple bench';

/** `orgKind` msp makes the administrator an MSP administrator of the practice (who works its triage queue). */
export function setupPractice(env: Record<string, string>, orgKind: 'practice' | 'msp' = 'practice'): void {
  const args = [
    'setup',
    '--org-name',
    'Bench Group',
    '--org-kind',
    orgKind,
    '--practice-name',
    'Bench Family Medicine',
  ];
  args.push(
    '--specialty',
    'medical',
    '--admin-email',
    'admin@bench.example',
    '--admin-name',
    'Bench Admin',
    '--password-stdin',
  );
  const result = spawnSync(process.execPath, [tandemBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    input: `${benchPassword}\n`,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`tandem setup failed: ${result.stderr}`);
}

export interface Session {
  headers: Record<string, string>;
  practiceId: string;
}

/** Signs the administrator in; headers carry the session cookie and the CSRF token. */
export async function signIn(baseUrl: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@bench.example', password: benchPassword }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = /tandem_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const body = (await res.json()) as { csrfToken: string };
  if (!cookie) throw new Error('no session cookie');
  const headers = { cookie, 'x-csrf-token': body.csrfToken };
  const list = (await (await fetch(`${baseUrl}/api/v1/practices`, { headers })).json()) as {
    practices: { id: string }[];
  };
  return { headers, practiceId: list.practices[0]!.id };
}

/**
 * Runs the advisor on the dental example and drafts the matrix from it, so the advisor, result and
 * matrix pages have something to show (the Lighthouse bench and the accessibility test).
 */
export async function seedAssessmentAndDraft(
  baseUrl: string,
  session: Session,
  iterations: number,
): Promise<{ assessmentId: string }> {
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const profile = parse(readFileSync(path.join(repoRoot, 'examples', 'dental-4-no-it.yaml'), 'utf8')) as unknown;
  const practice = `/api/v1/practices/${session.practiceId}`;
  const assessment = await post(`${practice}/assessments`, { profile, iterations, seed: 7 });
  await post(`${practice}/matrix/versions`, { source: { kind: 'assessment', assessmentId: assessment.id } });
  return { assessmentId: assessment.id };
}
