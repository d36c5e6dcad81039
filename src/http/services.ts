/**
 * The services plugin: store, worker pool, scheduler, frame hub, sessions and runs, decorated on the app (as
 * fastify/demo's repositories are), and closed in order on shutdown: stop taking runs, stop running ones cleanly,
 * persist every session, destroy the pool, close the database.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Piscina } from 'piscina';
import type { Settings } from '../config.js';
import type { Store } from '../store/store.js';
import { openStore } from '../store/open.js';
import { createPool } from '../runs/pool.js';
import { Scheduler } from '../runs/scheduler.js';
import { FrameHub } from '../streaming/frame-hub.js';
import { SessionService } from '../sessions/session-service.js';
import { RunService } from '../runs/run-service.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { Runtime } from '../engine/simulator.js';
import { releaseState } from '../engine/wasm/heap.js';

declare module 'fastify' {
  interface FastifyInstance {
    settings: Settings;
    store: Store;
    pool: Piscina;
    scheduler: Scheduler;
    hub: FrameHub;
    sessions: SessionService;
    runs: RunService;
    metrics: Metrics;
    /** Set once shutdown has begun (readiness fails, new runs are refused). */
    closing: boolean;
  }
}

export const servicesPlugin = fp(
  async (app: FastifyInstance, opts: { settings: Settings }) => {
    const settings = opts.settings;
    const metrics = createMetrics();
    const store = await openStore(settings);
    const failed = await store.runs.failUnfinished('the server stopped before this run finished');
    if (failed > 0) app.log.warn({ failed }, 'runs left unfinished by the last shutdown were marked failed');
    const pool = createPool(settings.poolSize);
    const scheduler = new Scheduler(settings.poolSize, settings.maxQueue, (depth) => {
      metrics.queueDepth.set(depth);
      metrics.activeRuns.set(scheduler.active);
    });
    const hub = new FrameHub(settings.wsBufferBytes, {
      onSent: (n) => metrics.framesSent.inc(n),
      onDropped: (n) => metrics.framesDropped.inc(n),
    });
    // Networks are built on a thread of their own: a new session never waits behind long simulations, and a big
    // one (an O(N³) spectral rescaling, say) never blocks the event loop.
    const builder = createPool(1, 10_000);
    const sessions = new SessionService({
      store,
      settings,
      build: (kind, config, seed) => builder.run({ op: 'create', kind, config, seed }) as Promise<Runtime>,
      // The builder allocated the state, so its thread frees it (blocks are per-thread); restored state was
      // allocated here. Each side ignores blocks that are not its own.
      release: (state) => {
        releaseState(state);
        builder.run({ op: 'release', state }).catch((err: unknown) => app.log.warn({ err }, 'could not release a session state'));
      },
    });
    const runs = new RunService({ store, sessions, hub, scheduler, pool, settings, metrics, log: app.log });

    app.decorate('settings', settings);
    app.decorate('metrics', metrics);
    app.decorate('store', store);
    app.decorate('pool', pool);
    app.decorate('scheduler', scheduler);
    app.decorate('hub', hub);
    app.decorate('sessions', sessions);
    app.decorate('runs', runs);
    app.decorate('closing', false);

    app.addHook('preClose', async () => {
      app.closing = true;
    });
    app.addHook('onClose', async () => {
      await runs.stopAll(10_000);
      await sessions.persistAll();
      await pool.destroy();
      await builder.destroy();
      await store.close();
    });
  },
  { name: 'rnnlab-services' },
);
