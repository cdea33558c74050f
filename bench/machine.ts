import { readFileSync } from 'node:fs';
import os from 'node:os';

/** One line naming the machine a benchmark ran on, for docs/benchmarks.md. */
export function describeMachine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${model}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node.js ${process.version}, ${os.platform()} ${os.release()}`;
}
