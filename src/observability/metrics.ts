/**
 * Prometheus metrics (prom-client), one registry per app so that several apps in one process (tests) do not clash.
 * Gauges of the scheduler's state are read when /metrics is scraped (`watch`), not kept up to date by hand.
 */
import client from 'prom-client';

export interface SchedulerSource {
  busyThreads(): number;
  counts(): Record<'ready' | 'sleeping' | 'waiting' | 'running', number>;
}

export interface RunsSource {
  /** Active runs and trainings by status (queued, running, paused). */
  byStatus(): Record<string, number>;
}

export function createMetrics() {
  let scheduler: SchedulerSource | null = null;
  let runsNow: RunsSource | null = null;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'rnnlab_process_' });
  const registers = [registry];
  const runs = new client.Counter({ name: 'rnnlab_runs_total', help: 'Runs and trainings finished, by type and status', labelNames: ['type', 'status'], registers });
  const steps = new client.Counter({ name: 'rnnlab_steps_total', help: 'Simulation steps taken', labelNames: ['kind'], registers });
  const stepsPerSecond = new client.Gauge({ name: 'rnnlab_steps_per_second', help: 'Steps per second of the last finished run, by kind', labelNames: ['kind'], registers });
  const runSeconds = new client.Histogram({ name: 'rnnlab_run_seconds', help: 'Wall time of finished runs', labelNames: ['type'], buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600], registers });
  const queueDepth = new client.Gauge({
    name: 'rnnlab_queue_depth',
    help: 'Jobs (run slices, trainings, builds, experiment tasks) ready and waiting for a thread',
    registers,
    collect() {
      if (scheduler) this.set(scheduler.counts().ready);
    },
  });
  const activeRuns = new client.Gauge({
    name: 'rnnlab_active_runs',
    help: 'Jobs whose slice is executing on the pool',
    registers,
    collect() {
      if (scheduler) this.set(scheduler.counts().running);
    },
  });
  const sockets = new client.Gauge({ name: 'rnnlab_websocket_clients', help: 'Open WebSocket streams', registers });
  const framesSent = new client.Counter({ name: 'rnnlab_frames_sent_total', help: 'Frames sent to WebSocket clients', registers });
  const framesDropped = new client.Counter({ name: 'rnnlab_frames_dropped_total', help: 'Frames dropped for slow WebSocket clients', registers });
  const sessions = new client.Gauge({ name: 'rnnlab_sessions_loaded', help: 'Sessions held in memory', registers });
  const userCpu = new client.Counter({
    name: 'rnnlab_user_cpu_seconds_total',
    help: "Worker-thread seconds spent on each user's jobs (runs, trainings, builds, experiment tasks), measured per slice",
    labelNames: ['user'],
    registers,
  });
  const busyThreads = new client.Gauge({
    name: 'rnnlab_busy_threads',
    help: 'Pool threads executing a batch of slices now',
    registers,
    collect() {
      if (scheduler) this.set(scheduler.busyThreads());
    },
  });
  const jobs = new client.Gauge({
    name: 'rnnlab_jobs',
    help: 'Scheduler jobs by state (ready, sleeping: a paced run between frames, waiting: paused, running)',
    labelNames: ['state'],
    registers,
    collect() {
      if (scheduler) for (const [state, n] of Object.entries(scheduler.counts())) this.set({ state }, n);
    },
  });
  const runsActive = new client.Gauge({
    name: 'rnnlab_runs_active',
    help: 'Active runs and trainings by status (queued, running, paused)',
    labelNames: ['status'],
    registers,
    collect() {
      if (!runsNow) return;
      const by = runsNow.byStatus();
      for (const status of ['queued', 'running', 'paused']) this.set({ status }, by[status] ?? 0);
    },
  });
  const slices = new client.Counter({ name: 'rnnlab_slices_total', help: 'Slices executed by the worker engines', registers });
  const workerDeaths = new client.Counter({ name: 'rnnlab_worker_deaths_total', help: 'Pool threads that died (exit, uncaught error, out of memory) and were replaced', registers });

  /** Read the scheduler's and the runs' state at every scrape. */
  function watch(s: SchedulerSource, r: RunsSource): void {
    scheduler = s;
    runsNow = r;
  }

  return {
    registry,
    runs,
    steps,
    stepsPerSecond,
    runSeconds,
    queueDepth,
    activeRuns,
    sockets,
    framesSent,
    framesDropped,
    sessions,
    userCpu,
    busyThreads,
    jobs,
    runsActive,
    slices,
    workerDeaths,
    watch,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
