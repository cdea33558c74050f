/**
 * Every operation a `tandem` command may hand to the running server (src/cli/local-admin.ts).
 * `tandem serve` passes this list to its admin socket; a command not listed here cannot run
 * while the server owns the embedded folder.
 */
import { auditOperations } from './commands/audit.ts';
import { keysOperations } from './commands/keys.ts';
import { migrateOperations } from './commands/migrate.ts';
import { setupOperations } from './commands/setup.ts';
import type { Operation } from './local-admin.ts';

export const localOperations: readonly Operation[] = [
  ...setupOperations,
  ...migrateOperations,
  ...keysOperations,
  ...auditOperations,
] as readonly Operation[];
