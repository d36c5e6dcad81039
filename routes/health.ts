/** Liveness, readiness and Prometheus metrics (public: no token, ever). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { versions } from '../src/version.js';
import { sendProblem } from '../src/http/problem.js';
import { kernelBackend } from '../src/engine/wasm/heap.js';
import { operation } from '../src/contract/operation.js';
import { healthSchema, readinessSchema } from '../src/contract/schemas/health.js';
import { mediaBody } from '../src/contract/schemas/common.js';

export default async function healthRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/healthz',
    {
      // Load balancers and container health checks poll this every few seconds: not worth an info line each.
      logLevel: 'warn',
      schema: operation({
        operationId: 'getHealth',
        tag: 'ops',
        summary: 'Liveness: the process answers',
        auth: 'public',
        responses: { 200: { description: 'Alive', schema: healthSchema } },
      }),
    },
    async () => ({ status: 'ok' as const, versions, uptimeSeconds: process.uptime(), kernels: kernelBackend }),
  );
  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: operation({
        operationId: 'getReadiness',
        tag: 'ops',
        summary: 'Readiness: database open, pool up, not shutting down',
        auth: 'public',
        responses: { 200: { description: 'Ready to take work', schema: readinessSchema } },
        errors: { 503: 'Not ready: `checks` says which check fails (Retry-After)' },
      }),
    },
    async (request, reply) => {
      const checks = {
        database: app.store.isOpen(),
        pool: app.pool.threads.length > 0,
        accepting: !app.closing,
      };
      if (!Object.values(checks).every(Boolean)) return sendProblem(reply, request, 503, 'RNN_ERR_NOT_READY', 'not ready', { checks, retryAfter: 5 });
      return { status: 'ready' as const, checks, queueDepth: app.scheduler.depth, activeRuns: app.scheduler.active, websocketClients: app.hub.subscriberCount() };
    },
  );
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: operation({
        operationId: 'getMetrics',
        tag: 'ops',
        summary: 'Prometheus metrics: runs, steps/s, queue depth, sockets, dropped frames',
        auth: 'public',
        responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': mediaBody('Prometheus text exposition format 0.0.4', false) } } },
      }),
    },
    async (_request, reply) => {
      app.metrics.sockets.set(app.hub.subscriberCount());
      app.metrics.sessions.set(app.sessions.loadedCount());
      app.metrics.activeRuns.set(app.scheduler.active);
      app.metrics.queueDepth.set(app.scheduler.depth);
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );
}
