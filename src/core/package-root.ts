/**
 * The folder of Tandem's package.json, found by walking up from this module: the same folder
 * whether the code runs from src/ (tsx, tests), from the bundle in dist/ (scripts/cli-build.mjs,
 * where every module's code lives in a few chunk files) or from anywhere else inside the package.
 * Files Tandem reads beside its code (migrations, the web build, package.json, the audit worker)
 * are found from here, not from the reading module's own location, which bundling moves.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, from its root. */
export const inPackage = (...parts: string[]) => path.join(packageRoot, ...parts);
