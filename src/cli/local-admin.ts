/**
 * Commands that work on the database (setup, migrate, keys, audit) while `tandem serve` owns the
 * embedded folder. A second process must not open that folder (src/core/db/data-dir.ts), so the
 * running server listens on a Unix socket inside it, mode 0600 in a 0700 folder: only the user
 * who could read the database files can connect. A command finds the socket in the lock file,
 * sends its operation and arguments as one JSON line, and the server runs the same code on its
 * own database, streaming the output back. On PostgreSQL, or when nothing runs, the command opens
 * the database itself.
 *
 * Messages, one JSON object a line. Client: {op, args, tty: {out, err}}. Server: {out: text} or
 * {err: text} any number of times, then {exit: code} or {error: {code, message, details}}.
 */
import { chmodSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadAuditKeys, useAuditKeys } from '../core/audit/key.ts';
import type { Config } from '../core/config.ts';
import { loadKeyring, replaceKeys, type Keyring } from '../core/crypto/keyring.ts';
import { DataDirBusyError, liveOwner, type LockOwner } from '../core/db/data-dir.ts';
import { databaseTarget, openDatabase, type Database } from '../core/db/database.ts';
import type { z } from 'zod';
import { AppError, errorCodes, validationError, type ErrorCode, type ErrorDetail } from '../core/errors.ts';
import type { Output } from './io.ts';

/** What an operation works with: the same whether it runs in the command or in the server. */
export interface OperationContext {
  database: Database;
  config: Config;
  /** The keyring in force: the server's own when run there. */
  keyring(): Keyring;
  /** Puts a new keyring in force (after a key was added to the key file). */
  adoptKeyring(next: Keyring): void;
  out: Output;
  err: Output;
}

export interface Operation<A = unknown> {
  /** Stable name sent over the socket, e.g. `keys.rotate`. */
  name: string;
  /** Setup and migrate migrate the database themselves; the rest refuse an unmigrated one. */
  migrates?: boolean;
  /** Checks what arrived over the socket (the command itself passes typed arguments). */
  parse(args: unknown): A;
  run(ctx: OperationContext, args: A): Promise<number>;
}

/** An operation's `parse` from a zod schema: what fails becomes a validation error naming the field. */
export function parseWith<S extends z.ZodType>(schema: S): (args: unknown) => z.infer<S> {
  return (args) => {
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw validationError(parsed.error.issues, 'The command arguments are not valid');
    return parsed.data;
  };
}

const socketName = 'tandem.sock';
const serverStartWaitMs = 60_000;
// sun_path is 108 bytes on Linux (104 on macOS), terminator included.
const maxSocketPath = 100;

/** Where the server's socket goes: in the data folder, or a private temporary folder when that path is too long. */
function socketPath(dataDir: string): { file: string; cleanup(): void } {
  const inFolder = path.resolve(dataDir, socketName);
  if (Buffer.byteLength(inFolder) <= maxSocketPath) return { file: inFolder, cleanup: () => unlinkQuietly(inFolder) };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-')); // created 0700
  return { file: path.join(dir, socketName), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function send(socket: net.Socket, message: object): void {
  socket.write(`${JSON.stringify(message)}\n`);
}

function serializeError(err: unknown): { code: ErrorCode; message: string; details: ErrorDetail[] } {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), details: [] };
}

export interface LocalAdminServer {
  readonly socket: string;
  close(): Promise<void>;
}

/**
 * Serves the operations on a Unix socket for the embedded database this server owns. One
 * operation at a time per connection; the server's database serialises them anyway.
 */
export async function listenForLocalCommands(
  dataDir: string,
  base: Omit<OperationContext, 'out' | 'err'>,
  operations: readonly Operation[],
  log: (message: string, err?: unknown) => void,
): Promise<LocalAdminServer> {
  const byName = new Map(operations.map((op) => [op.name, op]));
  const where = socketPath(dataDir);
  unlinkQuietly(where.file); // a socket left by a killed server; the folder lock says it is ours now
  const server = net.createServer((socket) => {
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      lines.close();
      void serveOne(socket, line, byName, base, log);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.file, () => resolve());
  });
  chmodSync(where.file, 0o600);
  return {
    socket: where.file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        where.cleanup();
      }),
  };
}

async function serveOne(
  socket: net.Socket,
  line: string,
  operations: Map<string, Operation>,
  base: Omit<OperationContext, 'out' | 'err'>,
  log: (message: string, err?: unknown) => void,
): Promise<void> {
  const stream = (name: 'out' | 'err', isTTY: boolean): Output => ({
    write: (text: string) => send(socket, { [name]: text }),
    isTTY,
  });
  try {
    const request = JSON.parse(line) as { op?: unknown; args?: unknown; tty?: { out?: unknown; err?: unknown } };
    const op = typeof request.op === 'string' ? operations.get(request.op) : undefined;
    if (!op) throw new AppError('bad_request', `This server does not know the operation ${String(request.op)}`);
    const ctx = {
      ...base,
      out: stream('out', request.tty?.out === true),
      err: stream('err', request.tty?.err === true),
    };
    send(socket, { exit: await op.run(ctx, op.parse(request.args)) });
  } catch (err) {
    if (!(err instanceof AppError)) log('local command failed', err);
    send(socket, { error: serializeError(err) });
  } finally {
    socket.end();
  }
}

/** Sends one operation to a running server and relays its output; resolves to the exit code. */
function runRemotely<A>(socketFile: string, op: Operation<A>, args: A, out: Output, err: Output): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketFile);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    socket.on('connect', () =>
      send(socket, { op: op.name, args, tty: { out: out.isTTY === true, err: err.isTTY === true } }),
    );
    createInterface({ input: socket }).on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        finish(() =>
          reject(new AppError('unavailable', 'The running Tandem server sent a reply this command cannot read')),
        );
        socket.destroy();
        return;
      }
      const message = parsed as {
        out?: string;
        err?: string;
        exit?: number;
        error?: { code: string; message: string; details: ErrorDetail[] };
      };
      if (message.out !== undefined) out.write(message.out);
      if (message.err !== undefined) err.write(message.err);
      if (message.exit !== undefined) finish(() => resolve(message.exit!));
      if (message.error) {
        const code = (message.error.code in errorCodes ? message.error.code : 'internal') as ErrorCode;
        finish(() => reject(new AppError(code, message.error!.message, message.error!.details)));
      }
    });
    socket.on('error', (e) =>
      finish(() => reject(new AppError('unavailable', `Could not reach the running Tandem server: ${e.message}`))),
    );
    socket.on('close', () =>
      finish(() => reject(new AppError('unavailable', 'The running Tandem server closed the connection early'))),
    );
  });
}

/**
 * A server that is still starting (migrating, building its routes) holds the folder before its
 * socket listens: wait for the socket rather than refuse a command typed a moment too early.
 */
async function socketOnceListening(dataDir: string, holder: LockOwner): Promise<string | undefined> {
  if (holder.command !== 'tandem serve') return undefined;
  for (let waited = 0; waited < serverStartWaitMs; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = liveOwner(dataDir);
    if (now?.pid !== holder.pid) return undefined;
    if (now.adminSocket) return now.adminSocket;
  }
  return undefined;
}

/**
 * Runs an operation on the configured database: directly on PostgreSQL or a free embedded folder,
 * or through the server that owns the embedded folder.
 */
export async function runOperation<A>(
  config: Config,
  command: string,
  op: Operation<A>,
  args: A,
  out: Output,
  err: Output,
): Promise<number> {
  const log = (line: string) => err.write(`${line}\n`);
  let database: Database;
  try {
    database = await openDatabase(databaseTarget(config, command, log));
  } catch (e) {
    if (!(e instanceof DataDirBusyError)) throw e;
    const socket = e.holder.adminSocket ?? (await socketOnceListening(config.dataDir, e.holder));
    if (socket) return runRemotely(socket, op, args, out, err);
    throw e;
  }
  try {
    // Reaching the database comes first: when it cannot be reached, that is the error to report.
    const status = await database.migrationStatus();
    if (!op.migrates && status.pending.length > 0)
      throw new AppError('unavailable', 'The database is not migrated: run `tandem migrate` first');
    // What the operation audits is keyed like the server's entries (embedded: the key file is made here).
    useAuditKeys(loadAuditKeys(config, database.mode, log));
    let keyring: Keyring | undefined;
    const ctx: OperationContext = {
      database,
      config,
      keyring: () => (keyring ??= loadKeyring(config, database.mode, log)),
      adoptKeyring: (next) => {
        keyring = next;
      },
      out,
      err,
    };
    return await op.run(ctx, args);
  } finally {
    await database.close();
  }
}

/** The server side's context: its database and the keyring its routes use, replaced in place. */
export function serverOperationContext(
  database: Database,
  config: Config,
  live: Keyring,
): Omit<OperationContext, 'out' | 'err'> {
  return { database, config, keyring: () => live, adoptKeyring: (next) => replaceKeys(live, next) };
}
