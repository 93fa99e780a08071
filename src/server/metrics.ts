import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { App, AppDeps } from '../http/types.js';

/**
 * Prometheus metrics on the main port at `/metrics`. Readable by a signed-in admin, or by a
 * scraper sending `Authorization: Bearer $METRICS_TOKEN`; nobody else (they reveal traffic).
 */
export function registerMetrics(app: App, deps: AppDeps): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'parley_http_server_errors_total',
    help: 'Responses with a 5xx status',
    labelNames: ['route'] as const,
    registers: [registry],
  });

  const sessions = deps.sessions;
  if (sessions.stats()) {
    new Counter({
      name: 'parley_session_lookups_total',
      help: 'Session lookups, answered from the in-process cache or by the database',
      labelNames: ['source'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const stats = sessions.stats();
        this.inc({ source: 'cache' }, stats?.hits ?? 0);
        this.inc({ source: 'database' }, stats?.misses ?? 0);
      },
    });
    new Gauge({
      name: 'parley_session_cache_listening',
      help: '1 while session changes are heard (and lookups cached), else 0',
      registers: [registry],
      collect() {
        this.set(sessions.stats()?.listening ? 1 : 0);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  app.get(
    '/metrics',
    { config: { access: ['admin'], serviceToken: deps.config.metricsToken }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}
