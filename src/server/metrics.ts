/**
 * GET /metrics for the operator's Prometheus (prom-client): this process (CPU, memory, event
 * loop, garbage collection), its HTTP requests by route template and status, dead jobs, and every
 * practice's monitoring checks by state with how many are late. Off unless TANDEM_METRICS_TOKEN
 * is set; the scraper sends it as a bearer token (access.metrics). A practice's own check series
 * are a practice route instead (routes/monitor.ts), scraped with a practice API token.
 */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { unsafeWithSystem } from '../core/tenancy/with-tenant.ts';
import { checkStates } from '../monitor/schema.ts';
import { installCheckCounts } from '../monitor/metrics.ts';
import { access } from './caller/access.ts';
import type { ServerDeps } from './deps.ts';
import { errorResponses } from './openapi.ts';
import { z } from 'zod';

let processRegistry: Registry | undefined;

/** Process figures are the process's, whatever number of apps it builds (tests build many): collected once. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The app's own series: requests it answered, and figures read from the database at each scrape. */
function appMetrics(app: FastifyInstance, deps: ServerDeps): Registry {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'tandem_http_requests_total',
    help: 'Requests answered',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time from request to reply',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route's template (bounded), never the path a caller made up.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  // One query per scrape gives both check gauges: the late count is set while the counts by state
  // are collected, and prom-client reads the gauges in registration order.
  const late = new Gauge({
    name: 'tandem_monitor_checks_late',
    help: 'Unpaused checks due over a minute ago that no worker is running (the scheduler is behind or stopped)',
    registers: [],
  });
  new Gauge({
    name: 'tandem_monitor_checks',
    help: "Every practice's monitoring checks, by state",
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await unsafeWithSystem(deps.database.db, (tx) => installCheckCounts(tx, deps.clock.now()));
      for (const state of checkStates) this.set({ state }, counts.byState.get(state) ?? 0);
      late.set(counts.late);
    },
  });
  registry.registerMetric(late);
  if (deps.jobs) {
    const jobs = deps.jobs;
    new Gauge({
      name: 'tandem_jobs_dead',
      help: 'Jobs whose retries are spent, waiting for an administrator (Jobs page)',
      registers: [registry],
      async collect() {
        this.set(await jobs.deadJobCount());
      },
    });
  }
  return registry;
}

export async function registerMetrics(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  // Without a token the route is off (404 from its access), and no request pays for counting.
  const registry = deps.config.metricsToken ? appMetrics(app, deps) : undefined;
  app.get(
    '/metrics',
    {
      config: access.metrics,
      schema: {
        tags: ['system'],
        summary: "This process's figures in Prometheus's text format (needs TANDEM_METRICS_TOKEN as a bearer token)",
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (_request, reply) => {
      const merged = Registry.merge([processMetrics(), registry!]);
      return reply.header('content-type', merged.contentType).send(await merged.metrics());
    },
  );
}
