/**
 * Runs a bench-only server script (bench/support/*-server.ts) as its own process and waits for
 * the JSON line with its URL. The rest of its output (log lines) is read and dropped, so a full
 * pipe never stalls the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../test/support/spawn-server.ts';

export interface ScriptServer {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export async function startScriptServer(script: string, env: Record<string, string>): Promise<ScriptServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'support', script)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`${script} exited before printing its URL`)));
  });
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
