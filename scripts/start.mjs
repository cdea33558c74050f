#!/usr/bin/env node
// `npm start`: builds the web app when the build is missing or older than its sources, then
// runs `tandem serve` in this process (so signals reach the server directly).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (name === 'dist' || name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

// The web app imports schemas from src/, so a change there can change the bundle too.
const sources = ['web', 'src', 'package-lock.json'].map((p) => path.join(root, p)).filter(existsSync);
const stale = !existsSync(builtIndex) || sources.some((s) => newestMtime(s) > statSync(builtIndex).mtimeMs);
if (stale) {
  process.stdout.write('Building the web app...\n');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(root, 'web', 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
}

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
await main([process.argv[0], 'tandem', 'serve', ...process.argv.slice(2)]);
