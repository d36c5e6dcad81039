/**
 * The services plugin: store, worker engines, scheduler, frame hub, sessions and runs, decorated on the app (as
 * fastify/demo's repositories are), and closed in order on shutdown:
 *
 * - preClose (before the HTTP server stops taking connections): refuse new work, stop every run at its next step
 *   boundary with its progress recorded, so that clients waiting on `wait: true` get that run's view;
 * - onClose: drop what is left (builds, experiment tasks: their rows resume on the next start), persist every
 *   session, stop the engines and the pool, close the database.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Piscina } from 'piscina';
import type { Settings } from '../config.js';
import type { Store } from '../store/store.js';
import { openStore } from '../store/open.js';
import { EnginePool } from '../runs/engine/engine-pool.js';
import { Scheduler } from '../runs/scheduler/scheduler.js';
import type { CpuAccounting } from '../runs/scheduler/accounting.js';
import { Builder } from '../runs/build-job.js';
import { FrameHub } from '../streaming/frame-hub.js';
import { SessionService } from '../sessions/session-service.js';
import { RunService } from '../runs/run-service.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { releaseState } from '../engine/wasm/heap.js';

declare module 'fastify' {
  interface FastifyInstance {
    settings: Settings;
    store: Store;
    /** The piscina pool under the worker engines (its threads). */
    pool: Piscina;
    engine: EnginePool;
    scheduler: Scheduler;
    /** Per-user CPU seconds (quotas consult it). */
    accounting: CpuAccounting;
    builder: Builder;
    hub: FrameHub;
    sessions: SessionService;
    runs: RunService;
    metrics: Metrics;
    /** Set once shutdown has begun (readiness fails, new runs are refused). */
    closing: boolean;
  }
}

/** How long shutdown waits for runs to end at a step boundary (a slice is a few ms; a synchronous training is told to stop). */
const STOP_RUNS_MS = 5000;

export const servicesPlugin = fp(
  async (app: FastifyInstance, opts: { settings: Settings }) => {
    const settings = opts.settings;
    const metrics = createMetrics();
    const store = await openStore(settings);
    const failed = await store.runs.failUnfinished('the server stopped before this run finished');
    if (failed > 0) app.log.warn({ failed }, 'runs left unfinished by the last shutdown were marked failed');

    let scheduler: Scheduler | null = null;
    const engine = new EnginePool(
      { threads: settings.poolSize, workerHeapMb: settings.workerHeapMb },
      {
        onReady: (slot) => scheduler?.onReady(slot),
        onSlice: (slot, msg) => {
          metrics.slices.inc();
          scheduler?.onSlice(slot, msg);
        },
        onProgress: (slot, msg) => scheduler?.onProgress(slot, msg),
        onBatchDone: (slot, batch, skipped) => scheduler?.onBatchDone(slot, batch, skipped),
        onDeath: (slot, info) => {
          metrics.workerDeaths.inc();
          app.log.error({ slot, job: info.executing, requeued: info.unanswered.length, err: info.error }, 'a worker thread died; only its job fails, the thread is replaced');
          scheduler?.onDeath(slot, info);
        },
      },
    );
    const sched = new Scheduler(engine, {}, (user, seconds) => metrics.userCpu.inc({ user }, seconds));
    scheduler = sched;
    // Threads load the models (a few seconds on a busy machine); the scheduler sends work to each once it is ready.
    void engine.start();

    const hub = new FrameHub(settings.wsBufferBytes, {
      onSent: (n) => metrics.framesSent.inc(n),
      onDropped: (n) => metrics.framesDropped.inc(n),
    });
    // A discarded state: this thread frees what it allocated, and every worker what it did (until one shared
    // allocator frees any block from any thread).
    const release = (state: unknown) => {
      releaseState(state);
      sched.release(state);
    };
    const builder = new Builder(sched, release);
    const sessions = new SessionService({ store, settings, build: (kind, config, seed, owner, signal) => builder.build(kind, config, seed, owner, signal), release });
    const runs = new RunService({ store, sessions, hub, scheduler: sched, costs: builder.costs, settings, metrics, log: app.log });
    sessions.setRunCoordination(runs.coordination());
    metrics.watch(sched, runs);

    app.decorate('settings', settings);
    app.decorate('metrics', metrics);
    app.decorate('store', store);
    app.decorate('pool', engine.pool);
    app.decorate('engine', engine);
    app.decorate('scheduler', sched);
    app.decorate('accounting', sched.accounting);
    app.decorate('builder', builder);
    app.decorate('hub', hub);
    app.decorate('sessions', sessions);
    app.decorate('runs', runs);
    app.decorate('closing', false);

    app.addHook('preClose', async () => {
      app.closing = true;
      await runs.stopAll('the server shut down', STOP_RUNS_MS);
    });
    app.addHook('onClose', async () => {
      sched.abandonAll('the server shut down');
      sched.close();
      await sessions.persistAll().catch((err: unknown) => app.log.error({ err }, 'could not persist every session at shutdown'));
      await engine.close();
      await store.close();
    });
  },
  { name: 'rnnlab-services' },
);
