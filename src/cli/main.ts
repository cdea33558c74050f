/**
 * The `tandem` command. Each subcommand lives in its own file under commands/; this file only
 * assembles the ones a run needs and maps usage errors to exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { version } from '../core/version.ts';
/**
 * Each subcommand, imported only when it runs (or for the full help): a command's imports (the
 * server, the database engines, the sourcing engine) are most of what a start costs, and
 * `tandem assess` needs none of the server's.
 */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand(),
  setup: async () => (await import('./commands/setup.ts')).setupCommand(),
  assess: async () => (await import('./commands/assess.ts')).assessCommand(),
  audit: async () => (await import('./commands/audit.ts')).auditCommand(),
  keys: async () => (await import('./commands/keys.ts')).keysCommand(),
  matrix: async () => (await import('./commands/matrix.ts')).matrixCommand(),
};

/** The commands `argv` needs: the one it names, none for the version, every one for help or a typo. */
function commandsFor(argv: string[]): string[] {
  const first = argv[2];
  if (first === '-v' || first === '--version') return [];
  if (first !== undefined && Object.hasOwn(commands, first)) return [first];
  return Object.keys(commands);
}

export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('tandem')
    .description("Tandem: decide, agree and run a healthcare practice's IT")
    .version(version, '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const name of commandsFor(argv)) program.addCommand(await (commands[name] as () => Promise<Command>)());
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = await buildProgram(argv);
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
