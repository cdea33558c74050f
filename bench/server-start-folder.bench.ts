/**
 * What a spawned test server's data folder costs (test/support/data-folder.ts): `tandem serve` on
 * an empty folder (initdb and every migration, as on a first run) against one on a copy of a
 * migrated folder, plus the copy itself. CPU time (user + system, from /proc when the server says
 * where it listens), not wall time, so other work on the machine changes the figures less.
 *
 *   npx tsx bench/server-start-folder.bench.ts [--runs 3]
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copyDataFolder, createMigratedDataFolder, freshDataFolder } from '../test/support/data-folder.ts';
import { repoRoot, tandemBin } from '../test/support/spawn-server.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
/** Linux's clock ticks per second for /proc/<pid>/stat (getconf CLK_TCK). */
const ticksPerSecond = 100;

/** CPU seconds a live process has used so far (utime + stime). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Starts `tandem serve` on the folder; returns its CPU and wall seconds until it listens. */
async function serveOnce(dataDir: string): Promise<{ cpu: number; wall: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [tandemBin, 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, TANDEM_DATA_DIR: dataDir, TANDEM_PORT: '0', TANDEM_LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const cpu = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/running at http/.test(out)) resolve(cpuSeconds(child.pid!));
    });
    void exited.then(() => reject(new Error(`tandem serve exited before listening:\n${out}`)));
  });
  const wall = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  await exited;
  return { cpu, wall };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const template = await createMigratedDataFolder();
const results: Record<string, { cpu: number[]; wall: number[] }> = {
  'empty folder': { cpu: [], wall: [] },
  'copy of the migrated folder': { cpu: [], wall: [] },
};
const copyCpu: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const fresh = freshDataFolder('tandem-bench-fresh-');
    const before = process.cpuUsage();
    const copy = copyDataFolder(template.dir, 'tandem-bench-copy-');
    const used = process.cpuUsage(before);
    copyCpu.push((used.user + used.system) / 1e6);
    for (const [name, dir] of [
      ['empty folder', fresh],
      ['copy of the migrated folder', copy],
    ] as const) {
      const { cpu, wall } = await serveOnce(dir);
      results[name]!.cpu.push(cpu);
      results[name]!.wall.push(wall);
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  template.remove();
}

console.log(
  `${describeMachine()}; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`| Data folder | CPU to listening (median of ${runs}) | runs | wall (median) |`);
console.log('| --- | --- | --- | --- |');
for (const [name, r] of Object.entries(results))
  console.log(
    `| ${name} | ${median(r.cpu).toFixed(2)} s | ${r.cpu.map((c) => c.toFixed(2)).join(', ')} s | ${median(r.wall).toFixed(1)} s |`,
  );
console.log(
  `Copying the folder: ${median(copyCpu).toFixed(3)} s CPU (median; ${copyCpu.map((c) => c.toFixed(3)).join(', ')})`,
);
