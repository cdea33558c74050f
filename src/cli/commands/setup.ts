/**
 * `tandem setup`: creates the first organisation, practice and administrator. On a terminal it
 * asks for what the flags do not give (the password without echo); without one, every value
 * must come from flags, and the password from standard input (--password-stdin).
 */
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { loadAuditKeys, useAuditKeys } from '../../core/audit/key.ts';
import { needsSetup, runSetup, type SetupInput } from '../../core/identity/setup.ts';
import { databaseTarget } from '../../server/serve.ts';
import { action, printJson } from '../io.ts';

interface SetupFlags {
  orgName?: string;
  orgKind?: 'msp' | 'practice';
  practiceName?: string;
  specialty?: 'medical' | 'dental' | 'other';
  jurisdiction: 'US' | 'UK';
  timeZone: string;
  adminEmail?: string;
  adminName?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal; the password is read with echo switched off. */
async function ask(question: string, secret = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (secret) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? s : '');
  }
  try {
    return (await rl.question(question)).trim();
  } finally {
    if (secret) process.stderr.write('\n');
    rl.close();
  }
}

async function gather(flags: SetupFlags): Promise<SetupInput> {
  const interactive = process.stdin.isTTY === true && !flags.passwordStdin;
  const need = async (value: string | undefined, flag: string, question: string) => {
    if (value) return value;
    if (!interactive)
      throw new AppError('bad_request', `Missing --${flag} (or run tandem setup on a terminal to be asked)`);
    return ask(question);
  };
  const orgName = await need(
    flags.orgName,
    'org-name',
    "Organisation name (your MSP, or the practice's own organisation): ",
  );
  const orgKind =
    flags.orgKind ??
    ((await need(undefined, 'org-kind', 'Is this organisation an MSP? (yes/no): ')).toLowerCase().startsWith('y')
      ? 'msp'
      : 'practice');
  const practiceName = await need(flags.practiceName, 'practice-name', 'First practice name: ');
  const specialty =
    flags.specialty ??
    ((await need(
      undefined,
      'specialty',
      'Specialty (medical, dental, other): ',
    )) as SetupInput['practice']['specialty']);
  const adminEmail = await need(flags.adminEmail, 'admin-email', 'Administrator email: ');
  const adminName = await need(flags.adminName, 'admin-name', 'Administrator name: ');
  let password: string;
  if (flags.passwordStdin) password = await readStdin();
  else if (interactive) password = await ask('Administrator password (at least 12 characters): ', true);
  else
    throw new AppError(
      'bad_request',
      'Give the password on standard input with --password-stdin (there is no default password)',
    );
  if (!['medical', 'dental', 'other'].includes(specialty)) {
    throw new AppError('validation_failed', 'The setup details are not valid', [
      { path: 'practice.specialty', message: 'must be medical, dental or other' },
    ]);
  }
  return {
    organization: { name: orgName, kind: orgKind },
    practice: { name: practiceName, specialty, jurisdiction: flags.jurisdiction, timeZone: flags.timeZone },
    admin: { email: adminEmail, displayName: adminName, password },
  };
}

export function setupCommand(): Command {
  return new Command('setup')
    .description('Create the first organisation, practice and administrator (only on an empty database)')
    .option('--org-name <name>', 'organisation name')
    .addOption(
      new Option('--org-kind <kind>', 'msp, or practice for a practice running Tandem itself').choices([
        'msp',
        'practice',
      ]),
    )
    .option('--practice-name <name>', 'first practice name')
    .addOption(new Option('--specialty <specialty>', 'practice specialty').choices(['medical', 'dental', 'other']))
    .addOption(new Option('--jurisdiction <code>', 'US or UK').choices(['US', 'UK']).default('US'))
    .option('--time-zone <zone>', 'IANA time zone of the practice', 'America/New_York')
    .option('--admin-email <email>', 'administrator email')
    .option('--admin-name <name>', 'administrator display name')
    .option('--password-stdin', 'read the administrator password from standard input')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (flags: SetupFlags) => {
        const config = loadConfig();
        const database = await openDatabase(databaseTarget(config));
        try {
          await database.migrate();
          // Setup is audited: its entries are keyed like the server's (embedded: the key file is created here).
          useAuditKeys(loadAuditKeys(config, database.mode, (line) => process.stderr.write(`${line}\n`)));
          if (!(await needsSetup(database.db)))
            throw new AppError('conflict', 'Tandem is already set up; sign in instead');
          const input = await gather(flags);
          const created = await runSetup(
            database.db,
            systemClock,
            input,
            { kind: 'local' },
            { ip: null, userAgent: 'tandem setup', requestId: null },
          );
          if (flags.json) printJson(created);
          else
            process.stdout.write(
              `Set up ${input.organization.name} with practice ${input.practice.name}. Sign in as ${input.admin.email}.\n`,
            );
        } finally {
          await database.close();
        }
      }),
    );
}
