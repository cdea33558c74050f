// Builds the web app when the build is missing or older than its sources. Shared by `npm start`
// and the end-to-end tests, so both serve what the checkout says.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'web', 'dist', 'index.html');

export function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (name === 'dist' || name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

/** True when web/dist is missing or older than anything the bundle is built from. */
export function webBuildIsStale() {
  // The web app imports schemas and the engine from src/ and the example profiles from examples/.
  const sources = ['web', 'src', 'examples', 'package-lock.json'].map((p) => path.join(root, p)).filter(existsSync);
  return !existsSync(builtIndex) || sources.some((s) => newestMtime(s) > statSync(builtIndex).mtimeMs);
}

/** Builds when stale; returns whether it built. */
export function ensureWebBuild({ announce = false } = {}) {
  if (!webBuildIsStale()) return false;
  if (announce) process.stdout.write('Building the web app...\n');
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
    // Production React whoever calls: vitest's NODE_ENV=test would otherwise make a development build.
    { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
  );
  return true;
}
