/**
 * Runs and trainings of sessions on the worker pool: one active run per session (409 otherwise), a bounded queue
 * (503 with Retry-After), step and wall-time limits, pacing at `fps`, and pause/resume/stop/set while running.
 * Frames and progress from the worker go to the FrameHub; results (status, metrics, recording) go to the store.
 */
import { randomUUID } from 'node:crypto';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { z } from 'zod';
import { inputListSchema } from '../engine/inputs.js';
import { errors, zodIssues, AppError } from '../errors.js';
import { encodeState } from '../store/state-codec.js';
import type { RunRow, RunStatus, RunType, Store } from '../store/store.js';
import type { Session, SessionService } from '../sessions/session-service.js';
import type { FrameHub } from '../streaming/frame-hub.js';
import type { Settings } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import type { User } from '../auth/tokens.js';
import { Command, createControl, sendCommand, signalLive, type WorkerEvent } from './control.js';
import type { Scheduler } from './scheduler.js';
import type { RunTask, RunTaskResult, TaskBase, TrainTask, TrainTaskResult } from '../../workers/simulate.js';

export const runRequestSchema = z.object({
  steps: z.number().int().min(1).describe('Number of steps to take (the model time per step is the config\'s dt)'),
  inputs: inputListSchema.describe('Generic inputs, summed per channel (constant, pulse, step, sine, noise, sequence)'),
  record: z.array(z.string().max(100)).max(100).optional().describe('Observed fields to record ("input" for the input vector); default: the model\'s'),
  recordEvery: z.number().int().min(1).default(1).describe('Record one sample every this many steps'),
  frameEvery: z.number().int().min(1).default(1).describe('Stream one frame every this many steps'),
  fps: z.number().positive().max(1000).optional().describe('Pace the run at this many frames per second (for watching); omit to run as fast as possible'),
  live: z.record(z.string(), z.unknown()).optional().describe('Live parameters to set before the first step'),
  wait: z.boolean().default(false).describe('Answer when the run has finished (200) instead of at once (202)'),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

export interface RunView {
  id: string;
  session: string;
  type: RunType;
  status: RunStatus;
  stepsDone: number;
  stepsTotal: number;
  progress: number;
  metrics: unknown;
  curves: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  hasRecording: boolean;
  request: unknown;
}

interface ActiveRun {
  row: RunRow;
  session: Session;
  control: Int32Array;
  port: MessagePort | null;
  done: Promise<RunRow>;
  progress: number;
  /** Resolved by the worker's 'end' message: every frame before it has been delivered. */
  endReceived?: Promise<void>;
  ended?: () => void;
}

export class RunService {
  private readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly deps: {
      store: Store;
      sessions: SessionService;
      hub: FrameHub;
      scheduler: Scheduler;
      pool: Piscina;
      settings: Settings;
      metrics: Metrics;
      log: { error(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
    },
  ) {}

  /** Validate and queue a run of `steps` on the session. */
  async startRun(user: User, sessionId: string, body: RunRequest, internal: { fault?: RunTask['fault'] } = {}): Promise<ActiveRun> {
    const { sessions, settings } = this.deps;
    const s = await sessions.get(user, sessionId);
    if (s.activeRunId) throw errors.busy(sessionId, s.activeRunId);
    if (body.steps > settings.maxSteps) throw errors.limit('steps', body.steps, settings.maxSteps, 'steps');
    const k = s.model.inputSize(s.row.config);
    body.inputs.forEach((inp, i) => {
      if (inp.channel !== 'all' && inp.channel >= k) {
        throw errors.validation([{ path: `inputs.${i}.channel`, message: `channel ${inp.channel} does not exist: ${s.model.meta.kind} has ${k} input channel(s)` }]);
      }
    });
    const observed = Object.keys(sessions.observe(s).fields);
    body.record?.forEach((name, i) => {
      if (name !== 'input' && !observed.includes(name)) {
        throw errors.validation([{ path: `record.${i}`, message: `"${name}" is not observed by ${s.model.meta.kind}; fields: ${[...observed, 'input'].join(', ')}` }]);
      }
    });
    const live = body.live ? sessions.validateLive(s.model, body.live, 'live') : null;
    const { wait: _wait, ...request } = body;
    const fault = settings.faultInjection ? internal.fault : undefined;
    return this.enqueue(user, s, 'run', request, body.steps, (run) => this.executeRun(run, body, live, fault));
  }

  async startTrain(user: User, sessionId: string, body: unknown): Promise<ActiveRun> {
    const s = await this.deps.sessions.get(user, sessionId);
    const train = s.model.train;
    if (!train) throw errors.notTrainable(s.model.meta.kind);
    if (s.activeRunId) throw errors.busy(sessionId, s.activeRunId);
    const parsed = train.schema.safeParse(body ?? {});
    if (!parsed.success) throw errors.validation(zodIssues(parsed.error.issues, ''));
    return this.enqueue(user, s, 'train', parsed.data, 0, (run) => this.executeTrain(run, parsed.data));
  }

  private async enqueue(user: User, s: Session, type: RunType, request: unknown, stepsTotal: number, exec: (run: ActiveRun) => Promise<void>): Promise<ActiveRun> {
    const row: RunRow = {
      id: randomUUID(),
      sessionId: s.row.id,
      owner: user.name,
      type,
      status: 'queued',
      request,
      stepsDone: 0,
      stepsTotal,
      metrics: null,
      curves: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      hasRecording: false,
      events: [],
    };
    let resolveDone!: (r: RunRow) => void;
    const run: ActiveRun = { row, session: s, control: createControl(), port: null, progress: 0, done: new Promise((r) => (resolveDone = r)) };
    // Refuse before the run exists anywhere (no row, no 'queued' event) when there is no room.
    this.deps.scheduler.checkRoom('interactive');
    // The run exists (row, session's active run) before it can start: the scheduler may start it at once. The
    // session is claimed before the row is written, so a second request during the write gets 409.
    s.activeRunId = row.id;
    this.active.set(row.id, run);
    try {
      await this.deps.store.runs.insert(row);
    } catch (err) {
      s.activeRunId = null;
      this.active.delete(row.id);
      throw err;
    }
    this.deps.hub.publishEvent(s.row.id, { type: 'run', run: row.id, runType: type, status: 'queued' });
    try {
      this.deps.scheduler.enqueue({
        id: row.id,
        owner: user.name,
        lane: 'interactive',
        start: async () => {
          try {
            if (Atomics.load(run.control, 0) === Command.stop) {
              await this.finish(run, 'cancelled', null);
            } else {
              await exec(run);
            }
          } catch (err) {
            this.deps.log.error({ err, run: row.id }, 'run failed');
            await this.finish(run, 'failed', (err as Error).message ?? String(err));
          } finally {
            resolveDone(run.row);
          }
        },
      });
    } catch (err) {
      // Queue full (or shutting down): the run never existed.
      s.activeRunId = null;
      this.active.delete(row.id);
      await this.deps.store.runs.delete(row.id);
      throw err;
    }
    return run;
  }

  private async begin(run: ActiveRun): Promise<MessagePort> {
    const { hub, store } = this.deps;
    run.row.status = 'running';
    run.row.startedAt = new Date().toISOString();
    await store.runs.update(run.row);
    hub.publishEvent(run.session.row.id, { type: 'run', run: run.row.id, runType: run.row.type, status: 'running' });
    const { port1, port2 } = new MessageChannel();
    run.port = port1;
    run.endReceived = new Promise<void>((resolve) => (run.ended = resolve));
    port1.on('message', (ev: WorkerEvent) => this.onWorkerEvent(run, ev));
    return port2;
  }

  /**
   * Run a task of this run on the pool: mark it running, open its port, add what every task carries (kind, config,
   * runtime, control block, time limit), and wait until the result and the last frame are in.
   */
  private async onPool<T extends RunTask | TrainTask, R>(run: ActiveRun, specific: Omit<T, keyof TaskBase>): Promise<{ result: R; seconds: number }> {
    const s = run.session;
    const port = await this.begin(run);
    const task = {
      ...specific,
      kind: s.row.kind,
      config: s.row.config,
      runtime: s.runtime,
      maxRunMs: this.deps.settings.maxRunMs,
      control: run.control.buffer as SharedArrayBuffer,
      port,
    };
    const t0 = performance.now();
    try {
      const result = (await this.deps.pool.run(task, { transferList: [port] as never })) as R;
      return { result, seconds: (performance.now() - t0) / 1000 };
    } finally {
      await this.drain(run);
    }
  }

  private onWorkerEvent(run: ActiveRun, ev: WorkerEvent): void {
    const sid = run.session.row.id;
    switch (ev.type) {
      case 'frame':
        run.row.stepsDone = Math.max(run.row.stepsDone, ev.step - run.session.runtime.step);
        this.deps.hub.publishFrame({ session: sid, run: run.row.id, step: ev.step, t: ev.t, fields: ev.fields });
        break;
      case 'progress':
        if (run.row.type === 'run') run.row.stepsDone = Math.max(run.row.stepsDone, ev.stepsDone);
        run.progress = ev.fraction;
        this.deps.hub.publishEvent(sid, { type: 'progress', run: run.row.id, stepsDone: run.row.stepsDone, fraction: ev.fraction, ...(ev.figures ? { figures: ev.figures } : {}) });
        break;
      case 'status':
        if (run.row.status === 'running' || run.row.status === 'paused') run.row.status = ev.status;
        this.deps.hub.publishEvent(sid, { type: 'run', run: run.row.id, runType: run.row.type, status: ev.status });
        break;
      case 'live':
        this.deps.hub.publishEvent(sid, { type: 'live', run: run.row.id, live: ev.live });
        break;
      case 'end':
        run.ended?.();
        break;
    }
  }

  /** Wait until the worker's port is drained and closed, so the last frame is out before the run is done. */
  private async drain(run: ActiveRun): Promise<void> {
    const port = run.port;
    if (!port) return;
    // A worker that died sends no 'end': do not wait for it long.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.endReceived, new Promise<void>((resolve) => (timer = setTimeout(resolve, 250)))]);
    clearTimeout(timer);
    port.removeAllListeners();
    port.close();
    run.port = null;
  }

  private async executeRun(run: ActiveRun, body: RunRequest, live: Record<string, unknown> | null, fault?: RunTask['fault']): Promise<void> {
    const { settings, sessions, metrics } = this.deps;
    const s = run.session;
    if (live) s.runtime.live = { ...s.runtime.live, ...live };
    const { result, seconds } = await this.onPool<RunTask, RunTaskResult>(run, {
      op: 'run',
      spec: { steps: body.steps, inputs: body.inputs, ...(body.record ? { record: body.record } : {}), recordEvery: body.recordEvery, frameEvery: body.frameEvery },
      ...(body.fps ? { fps: body.fps } : {}),
      maxFrameRate: settings.maxFrameRate,
      maxRecordedValues: settings.maxRecordedValues,
      ...(fault ? { fault } : {}),
    });
    s.runtime = result.runtime;
    run.row.stepsDone = result.stepsDone;
    run.row.metrics = result.metrics;
    await sessions.persist(s, true);
    metrics.steps.inc({ kind: s.row.kind }, result.stepsDone);
    if (seconds > 0 && result.stepsDone > 0) metrics.stepsPerSecond.set({ kind: s.row.kind }, result.stepsDone / seconds);
    metrics.runSeconds.observe({ type: 'run' }, seconds);
    const recording = encodeState({
      t: result.recording.t,
      step: result.recording.step,
      fields: result.recording.fields,
      recordEvery: body.recordEvery,
      startStep: s.runtime.step - result.stepsDone,
    });
    if (result.timedOut) {
      await this.finish(run, 'failed', `wall-time limit of ${settings.maxRunMs} ms reached after ${result.stepsDone} steps (MAX_RUN_MS)`, recording);
    } else {
      await this.finish(run, result.stopped ? 'cancelled' : 'done', null, recording);
    }
  }

  private async executeTrain(run: ActiveRun, request: unknown): Promise<void> {
    const { settings, sessions, metrics } = this.deps;
    const s = run.session;
    const { result, seconds } = await this.onPool<TrainTask, TrainTaskResult>(run, { op: 'train', request });
    metrics.runSeconds.observe({ type: 'train' }, seconds);
    s.runtime = result.runtime;
    run.row.metrics = result.result.metrics;
    run.row.curves = result.result.curves ?? null;
    run.progress = 1;
    await sessions.persist(s, true);
    if (result.timedOut) await this.finish(run, 'failed', `wall-time limit of ${settings.maxRunMs} ms reached (MAX_RUN_MS)`);
    else await this.finish(run, result.stopped ? 'cancelled' : 'done', null);
  }

  private async finish(run: ActiveRun, status: RunStatus, error: string | null, recording?: Buffer): Promise<void> {
    run.row.status = status;
    run.row.error = error;
    run.row.finishedAt = new Date().toISOString();
    run.row.hasRecording = recording !== undefined;
    await this.deps.store.runs.update(run.row, recording);
    this.deps.metrics.runs.inc({ type: run.row.type, status });
    run.session.activeRunId = null;
    this.active.delete(run.row.id);
    this.deps.hub.publishEvent(run.session.row.id, {
      type: 'run',
      run: run.row.id,
      runType: run.row.type,
      status,
      stepsDone: run.row.stepsDone,
      ...(error ? { error } : {}),
      ...(run.row.metrics ? { metrics: run.row.metrics } : {}),
    });
  }

  async get(user: User, sessionId: string, runId: string): Promise<RunView> {
    await this.deps.sessions.get(user, sessionId);
    const live = this.active.get(runId);
    if (live && live.session.row.id === sessionId) return this.view(live.row, live.progress);
    const row = await this.deps.store.runs.get(runId);
    if (!row || row.sessionId !== sessionId) throw errors.notFound('run', runId);
    return this.view(row, row.status === 'done' ? 1 : 0);
  }

  async list(user: User, sessionId: string): Promise<RunView[]> {
    await this.deps.sessions.get(user, sessionId);
    return (await this.deps.store.runs.list(sessionId)).map((r) => {
      const live = this.active.get(r.id);
      return live ? this.view(live.row, live.progress) : this.view(r, r.status === 'done' ? 1 : 0);
    });
  }

  /** Cancel: a queued run never starts; a running one stops after its current step (state stays consistent). */
  async cancel(user: User, sessionId: string, runId: string): Promise<RunView> {
    await this.deps.sessions.get(user, sessionId);
    const run = this.active.get(runId);
    if (!run || run.session.row.id !== sessionId) return this.get(user, sessionId, runId);
    sendCommand(run.control, Command.stop);
    if (run.row.status === 'queued' && this.deps.scheduler.remove(runId)) await this.finish(run, 'cancelled', null);
    return this.view(run.row, run.progress);
  }

  async waitFor(run: ActiveRun): Promise<RunView> {
    const row = await run.done;
    return this.view(row, row.status === 'done' ? 1 : run.progress);
  }

  viewOf(run: ActiveRun): RunView {
    return this.view(run.row, run.progress);
  }

  /** Control from a WebSocket client: pause, resume, stop, or set live parameters. */
  async control(user: User, sessionId: string, msg: { type: 'pause' | 'resume' | 'stop' } | { type: 'set'; params: unknown }): Promise<Record<string, unknown>> {
    const { sessions } = this.deps;
    const s = await sessions.get(user, sessionId);
    const run = s.activeRunId ? this.active.get(s.activeRunId) : undefined;
    if (msg.type === 'set') {
      const params = sessions.validateLive(s.model, msg.params, 'params');
      if (run && run.port && run.row.status !== 'queued') {
        run.port.postMessage({ type: 'set', params });
        signalLive(run.control);
      } else {
        s.runtime.live = { ...s.runtime.live, ...params };
        await sessions.persist(s, false);
      }
      return { type: 'ack', for: 'set', params };
    }
    if (!run) throw new AppError('RNN_ERR_NO_ACTIVE_RUN', 409, `session "${sessionId}" has no active run to ${msg.type}`);
    if (msg.type === 'stop') await this.cancel(user, sessionId, run.row.id);
    else sendCommand(run.control, msg.type === 'pause' ? Command.pause : Command.run);
    return { type: 'ack', for: msg.type, run: run.row.id };
  }

  /** Stop everything (shutdown): waiting runs are cancelled, running ones stopped cleanly; resolves when all ended. */
  async stopAll(timeoutMs: number): Promise<void> {
    for (const job of this.deps.scheduler.close()) {
      const run = this.active.get(job.id);
      if (run) await this.finish(run, 'cancelled', 'server shutting down');
    }
    const pending = [...this.active.values()];
    for (const run of pending) sendCommand(run.control, Command.stop);
    await Promise.race([Promise.all(pending.map((r) => r.done)), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  /** Delete the session's active run first (session deletion). */
  async abandon(sessionId: string): Promise<void> {
    for (const run of this.active.values()) {
      if (run.session.row.id !== sessionId) continue;
      sendCommand(run.control, Command.stop);
      if (run.row.status === 'queued' && this.deps.scheduler.remove(run.row.id)) await this.finish(run, 'cancelled', 'session deleted');
      else await run.done;
    }
  }

  activeCount(): number {
    return this.active.size;
  }

  private view(row: RunRow, progress: number): RunView {
    return {
      id: row.id,
      session: row.sessionId,
      type: row.type,
      status: row.status,
      stepsDone: row.stepsDone,
      stepsTotal: row.stepsTotal,
      progress: row.type === 'run' && row.stepsTotal > 0 ? row.stepsDone / row.stepsTotal : progress,
      metrics: row.metrics,
      curves: row.curves,
      error: row.error,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      hasRecording: row.hasRecording,
      request: row.request,
    };
  }
}
