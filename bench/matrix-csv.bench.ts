/**
 * Parsing a 5 MB matrix CSV (issue 15: it took 3-5 s; the budget is 1 s). What `tandem matrix
 * check` does once per run, so the figure that matters is the first parse in a fresh process
 * (cold: no JIT, a small heap), measured in child processes; warm parses in this process follow.
 * Both as wall time and as CPU time, since on a shared machine wall time includes waiting for a core.
 *
 *   npx tsx bench/matrix-csv.bench.ts [--cold 5] [--warm 20]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { csvToMatrix } from '../src/matrix/csv.ts';
import { describeMachine } from './machine.ts';
import { bigCsv } from './support/big-csv.ts';

/** One timed parse of the file: wall and CPU milliseconds. */
function timeParse(text: string): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = csvToMatrix(text);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (!result.ok) throw new Error(`the benchmark CSV does not parse: ${JSON.stringify(result.problems[0])}`);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const file = process.env.BENCH_CSV_FILE;
if (file) {
  // Child: one cold parse of the file, as the CLI does it.
  process.stdout.write(JSON.stringify(timeParse(readFileSync(file, 'utf8'))));
} else {
  const { values } = parseArgs({
    options: { cold: { type: 'string', default: '5' }, warm: { type: 'string', default: '20' } },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-csv-'));
  try {
    const csvPath = path.join(dir, 'matrix.csv');
    const text = bigCsv();
    writeFileSync(csvPath, text);
    const cold = Array.from({ length: Number(values.cold) }, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
        env: { ...process.env, BENCH_CSV_FILE: csvPath },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout) as { wall: number; cpu: number };
    });
    const warm = Array.from({ length: Number(values.warm) }, () => timeParse(text));
    const fmt = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => {
      const s = xs.map((x) => x[k]).sort((a, b) => a - b);
      return `median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
    };
    console.log(`machine: ${describeMachine()}; load average ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(
      `file: ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MiB, ${text.split('\n').length - 1} lines`,
    );
    console.log(`cold parse (fresh process, ${cold.length} runs): wall ${fmt(cold, 'wall')}; CPU ${fmt(cold, 'cpu')}`);
    console.log(`warm parse (${warm.length} runs): wall ${fmt(warm, 'wall')}; CPU ${fmt(warm, 'cpu')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
