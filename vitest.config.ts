import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/audit-key.ts'],
    // Generous: browser and multi-process tests run several times slower on a busy 2-core machine,
    // and a timeout only a quiet machine meets is a flaky test. A hang still fails, later.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each worker process runs its files one after another in the same module graph instead of a
    // fresh one per file: importing the server, drizzle and PGlite (and compiling PGlite's 9 MB
    // WebAssembly) cost some 3 s of CPU per file, about a third of a typical integration file
    // (docs/benchmarks.md, "Test suite"). Safe while no test mocks modules, stubs globals or the
    // environment, or changes process-wide state: the only such state, the audit key, is set the
    // same way by the setup file for every file, and the code's caches are keyed by database handle.
    isolate: false,
    // At least two files at a time, also on two cores (vitest's default there is one): much of the
    // suite waits on spawned servers, browsers and the PostgreSQL server, and one worker left a
    // core idle (CPU time 1,355 s for a 1,000 s run). Test databases are per file, so files are
    // independent.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
