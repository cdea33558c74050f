/**
 * The `tandem` command. Each subcommand lives in its own file under commands/; this file only
 * assembles them and maps usage errors to exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../core/version.ts';
import { assessCommand } from './commands/assess.ts';
import { auditCommand } from './commands/audit.ts';
import { keysCommand } from './commands/keys.ts';
import { matrixCommand } from './commands/matrix.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { setupCommand } from './commands/setup.ts';

export function buildProgram(): Command {
  const program = new Command('tandem')
    .description("Tandem: decide, agree and run a healthcare practice's IT")
    .version(version, '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(setupCommand());
  program.addCommand(assessCommand());
  program.addCommand(auditCommand());
  program.addCommand(keysCommand());
  program.addCommand(matrixCommand());
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; anything else commander rejects is usage.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    throw err;
  }
}
