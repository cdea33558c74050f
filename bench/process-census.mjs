/**
 * Where a test run's CPU goes, by process: preload this into every Node process of a run and each
 * one appends its pid, parent pid, CPU seconds (user + system), wall seconds, vitest pool id and
 * command line to /tmp/tandem-census.tsv as it exits (a process killed with SIGKILL writes nothing).
 *
 *   rm -f /tmp/tandem-census.tsv
 *   CI=true NODE_OPTIONS="--import $PWD/bench/process-census.mjs" npx vitest run
 *   awk -F'\t' '$6 ~ /bin\/tandem/ {split($6, a, " "); c[a[2]] += $3; n[a[2]]++}
 *     END {for (k in c) printf "%-10s %4d processes %7.1f s CPU\n", k, n[k], c[k]}' /tmp/tandem-census.tsv
 */
import { appendFileSync } from 'node:fs';

const started = Date.now();
process.on('exit', () => {
  try {
    const { user, system } = process.cpuUsage();
    const command = process.argv
      .slice(1)
      .map((arg) => arg.replace(/.*\/(node_modules|bin|dist|src)\//, '$1/'))
      .join(' ')
      .slice(0, 160);
    const fields = [
      process.pid,
      process.ppid,
      ((user + system) / 1e6).toFixed(2),
      ((Date.now() - started) / 1000).toFixed(1),
      process.env.VITEST_POOL_ID ?? '',
      command,
    ];
    appendFileSync('/tmp/tandem-census.tsv', `${fields.join('\t')}\n`);
  } catch {
    // A census must never change how the process ends.
  }
});
