/** Shared by bench/http-vs-driver.bench.ts and its ceiling server (ceiling-server.ts). */
export const stacks = ['raw', 'fastify', 'fastify-log', 'fastify-zod'] as const;
export type Stack = (typeof stacks)[number];

/** The single-row read both sides of the benchmark issue: the columns GET /api/v1/practices/:id returns. */
export const bareSelect =
  'select id, name, specialty, jurisdiction, time_zone, created_at, updated_at from practices where id = $1';
