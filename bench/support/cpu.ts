/**
 * CPU time of the processes a benchmark runs, read from /proc (Linux), so results can say where a
 * request's cost went: the server, PostgreSQL or the load generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

/** [ppid, user + system seconds] of a process, or undefined once it has gone. */
function stat(pid: number): [number, number] | undefined {
  try {
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return [Number(fields[1]), (Number(fields[11]) + Number(fields[12])) / ticksPerSecond];
  } catch {
    return undefined;
  }
}

export function processCpuSeconds(pid: number): number {
  return stat(pid)?.[1] ?? 0;
}

/** The PostgreSQL server's main process and all its backends (children). */
export function postgresCpuSeconds(dataDir: string): number {
  const main = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = processCpuSeconds(main);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.[0] === main) total += s[1];
  }
  return total;
}

export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
