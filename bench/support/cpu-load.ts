/** Background CPU load for benchmarks that must hold their budget "under load": busy worker threads. */
import { Worker } from 'node:worker_threads';

/** Starts `threads` threads that spin until stopped; returns the function that stops them. */
export function startCpuLoad(threads: number): () => Promise<void> {
  const workers = Array.from(
    { length: threads },
    () => new Worker('let x = 0; for (;;) { x = (x * 31 + 7) % 1000003; }', { eval: true }),
  );
  return async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
}
