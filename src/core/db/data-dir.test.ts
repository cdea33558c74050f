import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusyError, liveOwner, lockFileName, processStartTime } from './data-dir.ts';

describe('the data folder lock', () => {
  let root = '';
  let dir = '';
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const writeLock = (owner: object | string) =>
    writeFileSync(path.join(dir, lockFileName), typeof owner === 'string' ? owner : JSON.stringify(owner));

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tandem-lock-'));
    dir = path.join(root, 'data');
    lines.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is held by one owner at a time and released on request', () => {
    const lock = acquireDataDirLock(dir, 'tandem serve', log);
    expect(liveOwner(dir)).toMatchObject({ pid: process.pid, command: 'tandem serve' });
    expect(() => acquireDataDirLock(dir, 'tandem setup', log)).toThrow(DataDirBusyError);
    lock.update({ url: 'http://127.0.0.1:1' });
    expect(liveOwner(dir)?.url).toBe('http://127.0.0.1:1');
    lock.release();
    lock.release();
    expect(liveOwner(dir)).toBeUndefined();
    acquireDataDirLock(dir, 'tandem setup', log).release();
    expect(lines).toEqual([]);
  });

  it('names the live owner in its refusal', () => {
    const lock = acquireDataDirLock(dir, 'tandem keys rotate', log);
    try {
      acquireDataDirLock(dir, 'tandem serve', log);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toBe(
        `\`tandem keys rotate\` is running on the data folder ${dir} (pid ${process.pid}): stop it first, or wait for it to finish`,
      );
    } finally {
      lock.release();
    }
  });

  it('takes over the lock of a process that has exited, saying so', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeLock({ pid: Number(exited.stdout), processStart: '1', command: 'tandem serve', acquiredAt: 'x' });
    acquireDataDirLock(dir, 'tandem serve', log).release();
    expect(lines).toEqual([
      `Took over the data folder's lock from pid ${exited.stdout} (tandem serve), which is no longer running.`,
    ]);
  });

  it('takes over a lock whose pid now belongs to another process (its start time differs)', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const start = processStartTime(process.pid);
    expect(start).not.toBeNull();
    writeLock({ pid: process.pid, processStart: `${start}0`, command: 'tandem serve', acquiredAt: 'x' });
    acquireDataDirLock(dir, 'tandem migrate', log).release();
    expect(lines).toHaveLength(1);
  });

  it('takes over a lock file cut short by a crash', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeLock('{"pid":');
    const lock = acquireDataDirLock(dir, 'tandem serve', log);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('creates the folder owner-only and tightens one others could read', () => {
    acquireDataDirLock(dir, 'tandem serve', log).release();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    chmodSync(dir, 0o755);
    acquireDataDirLock(dir, 'tandem serve', log).release();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(lines).toEqual([`Made the data folder ${dir} readable by its owner only (it was 755).`]);
  });
});
