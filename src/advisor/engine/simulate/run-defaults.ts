/**
 * The one set of run defaults (issue 14.9): the CLI, the API and the web form all use these, and
 * the web shows them, so the same profile gives the same figures wherever it is run.
 */
export const DEFAULT_ITERATIONS = 100_000;
export const DEFAULT_SEED = 1;
