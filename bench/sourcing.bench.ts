/**
 * Sourcing advisor benchmark (issue 4): a full assessment (every function x 3 options, five whole
 * plans, tornado and break-even) at 100,000 Monte Carlo iterations, on one core; and the Monte
 * Carlo kernel alone. Reports the median (and the p95 of the full assessment) of several runs
 * after a warm-up, iterations per second, the load average and the peak resident memory.
 *
 *   npx tsx bench/sourcing.bench.ts [--iterations 100000] [--runs 7] [--profile examples/group-180-it-department.yaml]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { assess, primaryWeights } from '../src/advisor/engine/assess.ts';
import { buildModel } from '../src/advisor/engine/model/model.ts';
import { runMonteCarlo } from '../src/advisor/engine/simulate/monte-carlo.ts';
import { currentAssignment, evaluateAll, type Assignment } from '../src/advisor/engine/model/point.ts';
import { parseProfileText } from '../src/advisor/engine/profile/profile-text.ts';
import { decideAll } from '../src/advisor/engine/decide/recommend.ts';
import { describeMachine } from './machine.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '7' },
    profile: { type: 'string', default: 'examples/group-180-it-department.yaml' },
  },
});
const iterations = Number(values.iterations);
const runs = Number(values.runs);
const profile = parseProfileText(readFileSync(values.profile, 'utf8'));

/** The q-quantile of the runs (nearest rank): 0.5 the median, 0.95 the p95. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** CPU milliseconds (user + system) of each run, beside the wall times: on a shared machine they move less. */
const cpuTimes = new Map<() => void, number[]>();

function time(fn: () => void): number[] {
  fn(); // warm-up: JIT and the PERT tables
  const out: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  cpuTimes.set(fn, cpu);
  return out;
}

const model = buildModel(profile);
const decisions = decideAll(model, evaluateAll(model, model.inputs.cols.means()), primaryWeights(profile));
const pure = (o: 'in_house' | 'co_managed' | 'fully_managed'): Assignment =>
  model.functions.map((f) => (f.needed ? o : null));
const plans = [
  currentAssignment(model),
  decisions.map((d) => d?.recommended ?? null),
  pure('in_house'),
  pure('co_managed'),
  pure('fully_managed'),
];

const runKernel = () => runMonteCarlo(model, plans, { seed: 1, iterations, todayPlan: 0 });
const runFull = () => assess(profile, { seed: 1, iterations });
const kernel = time(runKernel);
const full = time(runFull);
const functions = model.functions.filter((f) => f.needed).length;

console.log(`machine: ${describeMachine()}`);
console.log(
  `profile: ${values.profile} (${functions} functions x 3 options, ${plans.length} plans, ${model.inputs.cols.specs.filter((s) => s.sampled).length} sampled inputs)`,
);
console.log(`iterations: ${iterations}, runs: ${runs} (median, min-max)`);
console.log(
  `Monte Carlo kernel: ${median(kernel).toFixed(0)} ms (${Math.min(...kernel).toFixed(0)}-${Math.max(...kernel).toFixed(0)}), ${Math.round(iterations / (median(kernel) / 1000)).toLocaleString('en-US')} iterations/s`,
);
console.log(
  `full assessment:    ${median(full).toFixed(0)} ms (${Math.min(...full).toFixed(0)}-${Math.max(...full).toFixed(0)}), p50 ${quantile(full, 0.5).toFixed(0)} ms, p95 ${quantile(full, 0.95).toFixed(0)} ms`,
);
const cpu = (fn: () => void) => {
  const xs = cpuTimes.get(fn)!;
  return `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
};
console.log(`CPU time, kernel: ${cpu(runKernel)}; full assessment: ${cpu(runFull)}`);
console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`,
);
console.log(`peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
