/**
 * Background CPU load for benchmarks that must hold their budget "under load": busy processes
 * (not threads, so the benchmark's own CPU time, read from process.cpuUsage, does not include them).
 */
import { spawn } from 'node:child_process';

/** Starts `processes` processes that spin until stopped; returns the function that stops them. */
export function startCpuLoad(processes: number): () => void {
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['-e', 'let x = 0; for (;;) { x = (x * 31 + 7) % 1000003; }'], { stdio: 'ignore' }),
  );
  return () => {
    for (const child of children) child.kill();
  };
}
