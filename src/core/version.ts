import { readFileSync } from 'node:fs';
import { inPackage } from './package-root.ts';

/** The package version, read once from package.json so there is one source of truth. */
export const version: string = (JSON.parse(readFileSync(inPackage('package.json'), 'utf8')) as { version: string })
  .version;
