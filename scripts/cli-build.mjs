// The CLI and server compiled to dist/ once (tsc, no type check: `npm run typecheck` does that),
// so `tandem` starts without compiling TypeScript on every run. Built by `npm ci` (the prepare
// script) and by `npm start` when stale; bin/tandem falls back to the sources through tsx while
// dist/ is missing or older than src/, so an edited checkout still runs what it says.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  bundleAssess();
  // What the code reads at run time beside itself.
  cpSync(path.join(root, 'src', 'core', 'db', 'migrations'), path.join(dist, 'core', 'db', 'migrations'), {
    recursive: true,
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/**
 * `tandem assess` replaced by one file holding the sourcing engine, zod and yaml: a fresh process
 * then reads and links one module instead of some 150, about a ninth of its CPU time (issue 16,
 * section 2). Only this command: the others find files beside their modules (migrations, the web
 * build, the audit worker), which a bundle would move. commander stays shared with main.js, whose
 * `instanceof CommanderError` must see the subcommand's errors. esbuild comes with tsx.
 */
function bundleAssess() {
  // Required here, not imported at the top: bin/tandem imports this file for cliBuildIsStale on
  // every run, and loading esbuild's CommonJS entry cost each `tandem` process some 50 ms of CPU.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  buildSync({
    entryPoints: [path.join(root, 'src', 'cli', 'commands', 'assess.ts')],
    outfile: path.join(dist, 'cli', 'commands', 'assess.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['commander'],
    // yaml's CommonJS build requires node built-ins, which an ES module bundle needs a require for.
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** Builds when stale; returns whether it built. */
export function ensureCliBuild({ announce = false } = {}) {
  if (!cliBuildIsStale()) return false;
  if (announce) process.stdout.write('Compiling the server...\n');
  buildCli();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildCli();
