/**
 * CPU time of the processes a benchmark runs, read from /proc (Linux), so results can say where a
 * request's cost went: the server, PostgreSQL or the load generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

interface ProcStat {
  ppid: number;
  /** User + system seconds of the process itself. */
  own: number;
  /** User + system seconds of its children that have exited and been waited for. */
  reaped: number;
}

/** A process's CPU times, or undefined once it has gone. */
function stat(pid: number): ProcStat | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain ") ".
    const fields = line.slice(line.lastIndexOf(') ') + 2).split(' ');
    const seconds = (i: number) => Number(fields[i]) / ticksPerSecond;
    return { ppid: Number(fields[1]), own: seconds(11) + seconds(12), reaped: seconds(13) + seconds(14) };
  } catch {
    return undefined;
  }
}

export function processCpuSeconds(pid: number): number {
  return stat(pid)?.own ?? 0;
}

/**
 * The PostgreSQL server's main process and all its backends: the live ones, and those that have
 * exited (a pool closing a connection mid-run), whose time the main process has reaped.
 */
export function postgresCpuSeconds(dataDir: string): number {
  const main = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const postmaster = stat(main);
  let total = postmaster ? postmaster.own + postmaster.reaped : 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === main) total += s.own;
  }
  return total;
}

export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
