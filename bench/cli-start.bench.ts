/**
 * The CLI's start-up cost (issue 16): CPU time and peak memory of whole `tandem` processes against
 * what they must do, measured in one run so the ratios hold on a shared machine.
 *
 *   npx tsx bench/cli-start.bench.ts [--runs 5] [--profile examples/group-180-it-department.yaml]
 *
 * Budgets: `tandem --version` <= 4x `node -e 0`; `tandem assess` at 100,000 iterations <= 1.5x (the
 * in-process assessment + `tandem --version`); its peak RSS <= 200 MB. CPU time (user + system),
 * not wall time, so other work on the machine changes the figures less. Needs a compiled dist/
 * (`npm run build:cli`; bin/tandem falls back to tsx without it, which this is meant to show).
 *
 * The in-process assessment is measured warm (the median of `runs` after a first run), as issue 14's
 * 250 ms is; the first run of this process (cold: V8 has compiled nothing yet, no inverse-transform
 * table is built) is printed beside it, with the ratio against it, because a `tandem assess` process
 * is always that first run. Earlier versions took the median of the runs with the cold one among
 * them, a figure between the two that swung from run to run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cliBuildIsStale } from '../scripts/cli-build.mjs';
import { assess } from '../src/advisor/engine/assess.ts';
import { parseProfileText } from '../src/advisor/engine/profile/profile-text.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    profile: { type: 'string', default: 'examples/group-180-it-department.yaml' },
  },
});
const runs = Number(values.runs);
const iterations = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** CPU seconds and peak RSS (MB) of a process, from GNU time. */
function measure(args: string[]): { cpu: number; rssMb: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const [user, system, kb] = (run.stderr.trim().split('\n').at(-1) as string).split(' ').map(Number);
  return { cpu: (user as number) + (system as number), rssMb: (kb as number) / 1024 };
}

if (cliBuildIsStale()) throw new Error('dist/ is missing or stale: run `npm run build:cli` first');
const profileText = readFileSync(values.profile, 'utf8');

/** CPU seconds of one in-process assessment (profile parsing included, as the process does it). */
function assessInProcess(): number {
  const start = process.cpuUsage();
  assess(parseProfileText(profileText), { iterations });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const cold = assessInProcess();
const inProcess: number[] = [];
const node: number[] = [];
const version: number[] = [];
const assessCpu: number[] = [];
const assessRss: number[] = [];
for (let i = 0; i < runs; i += 1) {
  inProcess.push(assessInProcess());
  node.push(measure([process.execPath, '-e', '0']).cpu);
  version.push(measure([process.execPath, 'bin/tandem', '--version']).cpu);
  const whole = measure([process.execPath, 'bin/tandem', 'assess', values.profile, '--iterations', String(iterations)]);
  assessCpu.push(whole.cpu);
  assessRss.push(whole.rssMb);
}
const m = { inProcess: median(inProcess), node: median(node), version: median(version), assess: median(assessCpu) };
const s = (x: number) => `${x.toFixed(3)} s`;
console.log(`Date: ${new Date().toISOString().slice(0, 10)}\nMachine: ${describeMachine()}\n`);
console.log('| measure | CPU (median of %d) | budget |\n|---|---|---|', runs);
console.log(`| node -e 0 | ${s(m.node)} | |`);
console.log(`| tandem --version | ${s(m.version)} (${(m.version / m.node).toFixed(2)}x node -e 0) | <= 4x |`);
console.log(`| assessment in process, warm | ${s(m.inProcess)} | |`);
console.log(`| assessment in process, first run (cold) | ${s(cold)} | |`);
console.log(
  `| tandem assess, 100k iterations | ${s(m.assess)} (${(m.assess / (m.inProcess + m.version)).toFixed(2)}x warm in-process + --version; ${(m.assess / (cold + m.version)).toFixed(2)}x cold) | <= 1.5x |`,
);
console.log(
  `| tandem assess peak RSS | ${median(assessRss).toFixed(0)} MB (max ${Math.max(...assessRss).toFixed(0)}) | <= 200 MB |`,
);
