/** Liveness, readiness and Prometheus metrics. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { versions } from '../src/version.js';
import { sendProblem } from '../src/http/problem.js';
import { kernelBackend } from '../src/engine/wasm/heap.js';

export default async function healthRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok'), versions: z.record(z.string(), z.string()), uptimeSeconds: z.number(), kernels: z.string().describe('Numerical kernels in use: native-avx512, native-avx2 (x86 vectors) or wasm (WebAssembly SIMD); the same results either way') }) } } },
    async () => ({ status: 'ok' as const, versions, uptimeSeconds: process.uptime(), kernels: kernelBackend }),
  );
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness: database open, pool up, not shutting down' } }, async (request, reply) => {
    const checks = {
      database: app.store.isOpen(),
      pool: app.pool.threads.length > 0,
      accepting: !app.closing,
    };
    if (!Object.values(checks).every(Boolean)) return sendProblem(reply, request, 503, 'RNN_ERR_NOT_READY', 'not ready', { checks, retryAfter: 5 });
    return { status: 'ready', checks, queueDepth: app.scheduler.depth, activeRuns: app.scheduler.active, websocketClients: app.hub.subscriberCount() };
  });
  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics: runs, steps/s, queue depth, sockets, dropped frames' } }, async (_request, reply) => {
    app.metrics.sockets.set(app.hub.subscriberCount());
    app.metrics.sessions.set(app.sessions.loadedCount());
    app.metrics.activeRuns.set(app.scheduler.active);
    app.metrics.queueDepth.set(app.scheduler.depth);
    reply.type(app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
}
