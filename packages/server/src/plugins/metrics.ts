import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { sha256 } from '../lib/crypto.ts';
import { AppError } from '../lib/errors.ts';

/** Whether an Authorization header carries this bearer token; compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  if (!m) return false;
  // Hashing first gives two equal-length buffers, so the comparison time says nothing of the token.
  return timingSafeEqual(Buffer.from(sha256(m[1]!), 'hex'), Buffer.from(sha256(token), 'hex'));
}

/**
 * Prometheus metrics at /metrics: process defaults plus request duration per route template.
 * Off in production unless METRICS=true (config.ts); with METRICS_TOKEN set, only a scraper that
 * sends `Authorization: Bearer <token>` reads them (SEC-DP-07).
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { enabled: boolean; token?: string }) => {
  if (!opts.enabled) return;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const pool = new client.Gauge({
    name: 'db_pool_clients',
    help: 'Database pool clients by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = app.deps.pool;
      this.set({ state: 'total' }, p.totalCount);
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'waiting' }, p.waitingCount);
    },
  });
  void pool;
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const token = opts.token;
  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      throw new AppError('unauthenticated', 'The metrics need their bearer token.', {
        headers: { 'www-authenticate': 'Bearer realm="metrics"' },
      });
    }
    void reply.type(registry.contentType);
    return registry.metrics();
  });
});
