import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../../core/config.ts';
import { addKeyToFile, defaultKeyFile, loadKeyring, type Keyring } from '../../core/crypto/keyring.ts';
import {
  keyStatus,
  rotateKeys,
  type ColumnKeyStatus,
  type RotateOptions,
  type RotationResult,
} from '../../core/crypto/rotate.ts';
import type { Database } from '../../core/db/database.ts';
import { action, type Output } from '../io.ts';
import { startProgress, type Progress } from '../progress.ts';
import { parseWith, runOperation, type Operation } from '../local-admin.ts';

function describeStatus(columns: ColumnKeyStatus[]): string {
  return columns
    .map((c) => {
      const keys = Object.entries(c.byKey).map(([id, n]) => `${id}: ${n}`);
      return `${c.table}.${c.column}: ${[...keys, `unencrypted: ${c.unencrypted}`].join(', ')}`;
    })
    .join('\n');
}

/** Key ids that still protect values; the rest can be dropped once backups no longer need them. */
function keysInUse(columns: ColumnKeyStatus[]): Set<string> {
  return new Set(columns.flatMap((c) => Object.keys(c.byKey)));
}

export async function runKeysStatus(
  database: Database,
  keyring: Keyring,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  const columns = await keyStatus(database);
  if (options.json) {
    out.write(
      `${JSON.stringify({ currentKeyId: keyring.currentId, keyIds: [...keyring.keys.keys()], columns }, null, 2)}\n`,
    );
    return;
  }
  out.write(
    `Current key: ${keyring.currentId} (keyring: ${[...keyring.keys.keys()].join(', ')})\n${describeStatus(columns)}\n`,
  );
}

/**
 * Which keyring to rotate to. Embedded mode with keys in a file gets a new key added to that
 * file. Otherwise the operator supplies the new key (first in TANDEM_ENCRYPTION_KEY, or current
 * in the key file) and restarts every server with it before rotating: a server that lacks the
 * new key could not read what rotation writes.
 */
export function rotationKeyring(config: Config, mode: Database['mode'], log: (line: string) => void): Keyring {
  const keyring = loadKeyring(config, mode, log);
  if (mode !== 'embedded' || config.encryptionKey) return keyring;
  const file = config.encryptionKeyFile ?? defaultKeyFile(config);
  const next = addKeyToFile(file);
  log(`Added key ${next.currentId} to ${file} as the current key; older keys stay for reading.`);
  return next;
}

/** Values under any key but the current one: what rotation will re-encrypt. */
function staleCount(columns: ColumnKeyStatus[], currentId: string): number {
  return columns.reduce(
    (total, c) => total + Object.entries(c.byKey).reduce((n, [id, count]) => (id === currentId ? n : n + count), 0),
    0,
  );
}

/**
 * Feeds the bar the values re-encrypted so far across every column (rotation counts per column).
 * The total costs a count over each encrypted column, so it is only taken when a bar can show.
 */
async function rotationProgress(
  database: Database,
  keyring: Keyring,
  bar: Progress,
): Promise<RotateOptions['onProgress']> {
  if (!bar.visible) return undefined;
  const total = staleCount(await keyStatus(database), keyring.currentId);
  const byColumn = new Map<string, number>();
  return ({ table, column, reencrypted }) => {
    byColumn.set(`${table}.${column}`, reencrypted);
    let done = 0;
    for (const n of byColumn.values()) done += n;
    // Values written under an old key meanwhile can take the count past the total taken before.
    bar.update(Math.min(done, total), total);
  };
}

export async function runKeysRotate(
  database: Database,
  keyring: Keyring,
  options: { json?: boolean; batchSize?: number },
  out: Output,
  err: Output,
): Promise<RotationResult> {
  const bar = startProgress(err, { label: 'rotating', hidden: options.json });
  let result: RotationResult;
  try {
    result = await rotateKeys(database, keyring, {
      batchSize: options.batchSize,
      onProgress: await rotationProgress(database, keyring, bar),
    });
  } finally {
    bar.finish();
  }
  const inUse = keysInUse(await keyStatus(database));
  const unused = [...keyring.keys.keys()].filter((id) => id !== keyring.currentId && !inUse.has(id));
  if (options.json) {
    out.write(`${JSON.stringify({ ...result, unusedKeyIds: unused }, null, 2)}\n`);
    return result;
  }
  for (const c of result.columns) out.write(`${c.table}.${c.column}: ${c.reencrypted} re-encrypted\n`);
  out.write(`Re-encrypted ${result.reencrypted} values under key ${result.currentKeyId}.\n`);
  if (result.remaining > 0)
    out.write(
      `${result.remaining} values are still under older keys (written meanwhile or locked by a running request): run this again.\n`,
    );
  else if (unused.length > 0)
    out.write(`No value uses ${unused.join(', ')} any more; remove them once no backup you may restore needs them.\n`);
  return result;
}

function batchSize(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10_000)
    throw new InvalidArgumentError('expected a whole number from 1 to 10000');
  return Number(raw);
}

const jsonOnly = parseWith(z.object({ json: z.boolean() }));

const keysStatus: Operation<{ json: boolean }> = {
  name: 'keys.status',
  parse: jsonOnly,
  async run(ctx, opts) {
    await runKeysStatus(ctx.database, ctx.keyring(), opts, ctx.out);
    return 0;
  },
};

const keysRotate: Operation<{ json: boolean; batchSize: number }> = {
  name: 'keys.rotate',
  parse: parseWith(z.object({ json: z.boolean(), batchSize: z.number().int().min(1).max(10_000) })),
  async run(ctx, opts) {
    // The new key is in force (in the server, for its routes too) before anything is written under it.
    ctx.adoptKeyring(rotationKeyring(ctx.config, ctx.database.mode, (line) => ctx.err.write(`${line}\n`)));
    const result = await runKeysRotate(ctx.database, ctx.keyring(), opts, ctx.out, ctx.err);
    return result.remaining > 0 ? 1 : 0;
  },
};

export const keysOperations = [keysStatus, keysRotate];

export function keysCommand(): Command {
  const keys = new Command('keys').description('Manage the keys that encrypt PHI fields');
  const run = <A>(name: string, op: Operation<A>, args: A) =>
    runOperation(loadConfig(), `tandem keys ${name}`, op, args, process.stdout, process.stderr);
  keys
    .command('status')
    .description('Count encrypted values per key id')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        process.exitCode = await run('status', keysStatus, { json: opts.json === true });
      }),
    );
  keys
    .command('rotate')
    .description('Re-encrypt every value under the newest key, in short batches, while Tandem keeps running')
    .option('--json', 'print the result as JSON')
    .option('--batch-size <n>', 'rows per transaction (1 to 10000)', batchSize, 500)
    .action(
      action(async (opts: { json?: boolean; batchSize: number }) => {
        process.exitCode = await run('rotate', keysRotate, { json: opts.json === true, batchSize: opts.batchSize });
      }),
    );
  for (const sub of keys.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
  return keys;
}
