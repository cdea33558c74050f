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
    // At least two files at a time, also on two cores (vitest's default there is one): much of the
    // suite waits on spawned servers, browsers and the PostgreSQL server, and one worker left a
    // core idle (CPU time 1,355 s for a 1,000 s run). Test databases are per file, so files are
    // independent.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
