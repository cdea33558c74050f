// The CLI and server bundled into dist/ once (esbuild, no type check: `npm run typecheck` does that),
// so `tandem` starts without compiling TypeScript, or reading a thousand modules, on every run. Built by `npm ci` (the prepare
// script) and by `npm start` when stale; bin/tandem falls back to the sources through tsx while
// dist/ is missing or older than src/, so an edited checkout still runs what it says.
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Written last: its time is when the build finished. */
const stamp = path.join(dist, '.built');

/** True when dist/ is missing, unfinished, or older than a file under src/ or the lock file. */
export function cliBuildIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return ['src', 'package-lock.json'].some((p) => newestMtime(path.join(root, p)) > built);
}

export function buildCli() {
  rmSync(dist, { recursive: true, force: true });
  // Required here, not imported at the top: bin/tandem imports this file for cliBuildIsStale on
  // every run, and loading esbuild's CommonJS entry cost each `tandem` process some 50 ms of CPU.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  buildSync({
    entryPoints: {
      'cli/main': path.join(root, 'src', 'cli', 'main.ts'),
      // A worker thread's own entry (src/core/audit/verify.ts starts it from here).
      'core/audit/verify-worker': path.join(root, 'src', 'core', 'audit', 'verify-worker.ts'),
    },
    outdir: dist,
    // Each command main.ts imports on demand is its own chunk; what they share (Fastify, drizzle,
    // zod, the domain modules) is in shared chunks, loaded once.
    splitting: true,
    chunkNames: 'cli/chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native code, and PGlite, which loads its WebAssembly and data files from beside its module.
    external: ['@node-rs/*', '@electric-sql/pglite', '@electric-sql/pglite/*', 'pg-native'],
    // yaml's and others' CommonJS builds require node built-ins, which an ES module bundle needs a require for.
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __tandemRequire } from 'node:module'; const require = __tandemRequire(import.meta.url);",
    },
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/** Builds when stale; returns whether it built. */
export function ensureCliBuild({ announce = false } = {}) {
  if (!cliBuildIsStale()) return false;
  if (announce) process.stdout.write('Compiling the server...\n');
  buildCli();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildCli();
