/**
 * Prometheus metrics (prom-client), one registry per app so that several apps in one process (tests) do not clash.
 */
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'rnnlab_process_' });
  const runs = new client.Counter({ name: 'rnnlab_runs_total', help: 'Runs and trainings finished, by type and status', labelNames: ['type', 'status'], registers: [registry] });
  const steps = new client.Counter({ name: 'rnnlab_steps_total', help: 'Simulation steps taken', labelNames: ['kind'], registers: [registry] });
  const stepsPerSecond = new client.Gauge({ name: 'rnnlab_steps_per_second', help: 'Steps per second of the last finished run, by kind', labelNames: ['kind'], registers: [registry] });
  const runSeconds = new client.Histogram({ name: 'rnnlab_run_seconds', help: 'Wall time of finished runs', labelNames: ['type'], buckets: [0.01, 0.1, 0.5, 1, 5, 30, 120, 600], registers: [registry] });
  const queueDepth = new client.Gauge({ name: 'rnnlab_queue_depth', help: 'Tasks waiting for a worker', registers: [registry] });
  const activeRuns = new client.Gauge({ name: 'rnnlab_active_runs', help: 'Tasks running on the pool', registers: [registry] });
  const sockets = new client.Gauge({ name: 'rnnlab_websocket_clients', help: 'Open WebSocket streams', registers: [registry] });
  const framesSent = new client.Counter({ name: 'rnnlab_frames_sent_total', help: 'Frames sent to WebSocket clients', registers: [registry] });
  const framesDropped = new client.Counter({ name: 'rnnlab_frames_dropped_total', help: 'Frames dropped for slow WebSocket clients', registers: [registry] });
  const sessions = new client.Gauge({ name: 'rnnlab_sessions_loaded', help: 'Sessions held in memory', registers: [registry] });
  return { registry, runs, steps, stepsPerSecond, runSeconds, queueDepth, activeRuns, sockets, framesSent, framesDropped, sessions };
}

export type Metrics = ReturnType<typeof createMetrics>;
