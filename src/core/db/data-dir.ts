/**
 * The embedded database's folder: who owns it and who may read it.
 *
 * PGlite is PostgreSQL compiled to WebAssembly, running inside one process with its own memory.
 * Two processes that open the same folder each keep their own view of it and overwrite each
 * other's work, so a folder has one owner at a time: a lock file holding the owner's pid and
 * process start time, created with O_EXCL. Another process that finds a live owner refuses (or,
 * for the CLI, asks the owner to do the work through its admin socket: src/cli/local-admin.ts);
 * a lock whose process is gone (kill -9, a crash, a reboot) is taken over with a log line, so a
 * stale lock never needs manual cleanup.
 *
 * The folder is created 0700. PGlite chmods the files it writes to 0666 whatever the umask, so
 * the folder's mode is what keeps other local users out; the files are also set owner-only when
 * the folder is opened and closed, so a copied or re-permissioned folder does not expose them.
 */
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

export const lockFileName = 'tandem.lock';

/** Who holds a data folder, as written in its lock file. */
export interface LockOwner {
  pid: number;
  /** The process's start time as the kernel reports it, so a reused pid is not mistaken for the owner. */
  processStart: string | null;
  /** What the owner runs, e.g. `tandem serve`, for the message another process shows. */
  command: string;
  acquiredAt: string;
  /** Where the owner serves HTTP, once it listens. */
  url?: string;
  /** The owner's admin socket, once it listens: other `tandem` commands send their work there. */
  adminSocket?: string;
}

export interface DataDirLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Records where the owner can now be reached (url, admin socket). */
  update(fields: Pick<LockOwner, 'url' | 'adminSocket'>): void;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Thrown when another live process owns the folder. */
export class DataDirBusyError extends AppError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockOwner,
  ) {
    super('unavailable', busyMessage(dataDir, holder));
  }
}

function busyMessage(dataDir: string, holder: LockOwner): string {
  const what = holder.command === 'tandem serve' ? 'Tandem is running' : `\`${holder.command}\` is running`;
  const where = holder.url ? ` at ${holder.url}` : '';
  return `${what} on the data folder ${dataDir} (pid ${holder.pid})${where}: stop it first, or wait for it to finish`;
}

/** The kernel's start time of a process (Linux: field 22 of /proc/<pid>/stat), or null elsewhere. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.processStart === null) return true;
  const start = processStartTime(owner.pid);
  return start === null || start === owner.processStart;
}

function readOwner(file: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as LockOwner;
    if (typeof parsed.pid === 'number') return parsed;
  } catch {
    // A lock file cut short by a crash between create and write: nobody can be holding it.
  }
  return { pid: -1, processStart: null, command: 'unknown', acquiredAt: '' };
}

/** The live owner of a data folder, if any. */
export function liveOwner(dataDir: string): LockOwner | undefined {
  const owner = readOwner(path.join(dataDir, lockFileName));
  return owner && owner.pid > 0 && isAlive(owner) ? owner : undefined;
}

function writeAtomically(file: string, owner: LockOwner): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * Removes a stale lock under a short-lived mutex (mkdir is atomic), re-reading it inside: two
 * processes that both saw the same stale lock must not let the second remove the lock the first
 * has just taken.
 */
function removeStale(file: string, stale: LockOwner): boolean {
  const mutex = `${file}.takeover`;
  try {
    mkdirSync(mutex);
  } catch {
    // Another process is taking over; a mutex left by a crash mid-takeover is old and removed.
    try {
      if (Date.now() - statSync(mutex).mtimeMs > 10_000) rmdirSync(mutex);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const now = readOwner(file);
    if (!now) return true;
    if (now.pid !== stale.pid || now.acquiredAt !== stale.acquiredAt) return false;
    unlinkSync(file);
    return true;
  } finally {
    rmdirSync(mutex);
  }
}

/**
 * Takes the folder for this process, or throws DataDirBusyError naming the live owner. `log`
 * hears about a stale lock taken over.
 */
export function acquireDataDirLock(dataDir: string, command: string, log: (line: string) => void): DataDirLock {
  prepareDataDir(dataDir, log);
  const file = path.join(dataDir, lockFileName);
  let owner: LockOwner = {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    command,
    acquiredAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readOwner(file);
      if (holder && holder.pid > 0 && isAlive(holder)) throw new DataDirBusyError(dataDir, holder);
      if (holder && removeStale(file, holder))
        log(`Took over the data folder's lock from pid ${holder.pid} (${holder.command}), which is no longer running.`);
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(owner)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      file,
      get owner() {
        return owner;
      },
      update(fields) {
        owner = { ...owner, ...fields };
        writeAtomically(file, owner);
      },
      release() {
        if (released) return;
        released = true;
        const now = readOwner(file);
        if (now?.pid === process.pid && now.acquiredAt === owner.acquiredAt) unlinkSync(file);
      },
    };
  }
  throw new AppError('unavailable', `Could not take the lock on the data folder ${dataDir}; try again`);
}

/** Creates the folder owner-only, or tightens an existing one that others could read. */
function prepareDataDir(dataDir: string, log: (line: string) => void): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = statSync(dataDir).mode & 0o777;
  if (mode !== 0o700) {
    chmodSync(dataDir, 0o700);
    log(`Made the data folder ${dataDir} readable by its owner only (it was ${mode.toString(8)}).`);
  }
}

/** Sets every file under the folder to 0600 and every folder to 0700 (PGlite writes 0666). */
export function restrictDataDirFiles(dataDir: string): void {
  for (const entry of readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    try {
      if (entry.isDirectory()) chmodSync(full, 0o700);
      else if (entry.isFile()) chmodSync(full, 0o600);
    } catch {
      // A file PGlite removed meanwhile; a socket or anything else keeps its own mode.
    }
  }
}
