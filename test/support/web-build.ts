import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './spawn-server.ts';

/** End-to-end tests serve the real built app; build it once if the checkout has no build yet. */
export function ensureWebBuild(): void {
  if (existsSync(path.join(repoRoot, 'web', 'dist', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
}
