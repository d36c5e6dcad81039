/**
 * Runs and trainings of sessions: one active run per session (409 otherwise), everything about a request checked
 * before it is queued, then a job on the scheduler (run-job.ts, train-job.ts) that costs a pool thread only while
 * one of its slices executes. Pause/resume/stop/set act on the job; frames and progress go to the FrameHub;
 * results (status, metrics, recording, timeline) to the store. After a run that failed inside a step the session
 * is rolled back to its last stored state, and the run says so.
 */
import { randomUUID } from 'node:crypto';
import { AppError, errors } from '../errors.js';
import type { RunRow, RunType, Store } from '../store/store.js';
import type { Session, SessionService } from '../sessions/session-service.js';
import type { RunCoordination } from '../sessions/hooks.js';
import type { FrameHub } from '../streaming/frame-hub.js';
import type { Settings } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import type { User } from '../auth/tokens.js';
import { prepareTraining } from './train-request.js';
import { trainBudget } from '../models/train-admission.js';
import { ActiveRun, type RunEnd, type RunHost } from './active-run.js';
import { prepareRun, type RunRequest } from './run-request.js';
import { RunJob } from './run-job.js';
import { TrainJob } from './train-job.js';
import { runView, type RunView } from './run-view.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { CostModel } from './cost-model.js';
import type { RunOpen } from './engine/protocol.js';

export { runRequestSchema, type RunRequest } from './run-request.js';
export type { RunView } from './run-view.js';

type ControlMessage = { type: 'pause' | 'resume' | 'stop' } | { type: 'set'; params: unknown };

export class RunService implements RunHost {
  private readonly active = new Map<string, ActiveRun>();
  private readonly jobs = new Map<string, RunJob | TrainJob>();
  /** Each run's store writes, in order (status changes, then the end). */
  private readonly writes = new Map<string, Promise<unknown>>();
  private timeLimit: NodeJS.Timeout | null = null;
  readonly settings: Settings;
  readonly scheduler: Scheduler;

  constructor(
    private readonly deps: {
      store: Store;
      sessions: SessionService;
      hub: FrameHub;
      scheduler: Scheduler;
      costs: CostModel;
      settings: Settings;
      metrics: Metrics;
      log: { error(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
    },
  ) {
    this.settings = deps.settings;
    this.scheduler = deps.scheduler;
  }

  /** Validate and queue a run of `steps` on the session. */
  async startRun(user: User, sessionId: string, body: RunRequest, internal: { fault?: RunOpen['fault'] } = {}): Promise<ActiveRun> {
    const s = await this.deps.sessions.get(user, sessionId);
    if (s.activeRunId) throw errors.busy(sessionId, s.activeRunId);
    const prepared = prepareRun(this.settings, s, body);
    this.checkRoom();
    const fault = this.settings.faultInjection ? internal.fault : undefined;
    const run = await this.register(user, s, 'run', prepared.stored, body.steps);
    const job = new RunJob(this, run, prepared, fault);
    this.jobs.set(run.row.id, job);
    this.scheduler.add(job, job.first());
    return run;
  }

  async startTrain(user: User, sessionId: string, body: unknown): Promise<ActiveRun> {
    const s = await this.deps.sessions.get(user, sessionId);
    if (!s.model.train) throw errors.notTrainable(s.model.meta.kind);
    if (s.activeRunId) throw errors.busy(sessionId, s.activeRunId);
    const request = prepareTraining(s, body, trainBudget(this.settings));
    this.checkRoom();
    const run = await this.register(user, s, 'train', request, 0);
    const job = new TrainJob(this, run, request, this.deps.costs.trainMs(s.model, s.row.config, request, s.runtime.state));
    this.jobs.set(run.row.id, job);
    this.scheduler.add(job, { state: 'ready' });
    this.watchTimeLimits();
    return run;
  }

  /** Refuse (503) when too many runs wait for their first slice: the pool is saturated. */
  private checkRoom(): void {
    let queued = 0;
    for (const r of this.active.values()) if (r.row.status === 'queued') queued++;
    if (queued >= this.settings.maxQueue) throw errors.queueFull(Math.max(1, Math.ceil(queued / this.scheduler.threads)));
  }

  private async register(user: User, s: Session, type: RunType, request: unknown, stepsTotal: number): Promise<ActiveRun> {
    const row: RunRow = {
      id: randomUUID(),
      sessionId: s.row.id,
      // whoever asked for it is charged its CPU time (an instructor running a student's session, say)
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
    const run = new ActiveRun(row, s);
    // The session is claimed before the row is written, so a second request during the write gets 409.
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
    return run;
  }

  // ---- RunHost: what the jobs report

  started(run: ActiveRun): void {
    run.row.status = 'running';
    run.row.startedAt = new Date().toISOString();
    this.write(run);
    this.deps.hub.publishEvent(run.session.row.id, { type: 'run', run: run.row.id, runType: run.row.type, status: 'running' });
  }

  status(run: ActiveRun, status: 'running' | 'paused'): void {
    run.row.status = status;
    this.write(run);
    this.deps.hub.publishEvent(run.session.row.id, { type: 'run', run: run.row.id, runType: run.row.type, status });
  }

  frames(run: ActiveRun, frames: ArrayBuffer[]): void {
    for (const f of frames) this.deps.hub.publishEncoded(run.session.row.id, run.row.id, Buffer.from(f));
  }

  progress(run: ActiveRun, fraction: number, figures?: Record<string, number>): void {
    run.progress = fraction;
    this.deps.hub.publishEvent(run.session.row.id, { type: 'progress', run: run.row.id, stepsDone: run.row.stepsDone, fraction, ...(figures ? { figures } : {}) });
  }

  live(run: ActiveRun, live: Record<string, unknown>): void {
    this.deps.hub.publishEvent(run.session.row.id, { type: 'live', run: run.row.id, live });
  }

  finish(run: ActiveRun, end: RunEnd): void {
    // what a reader sees at once; the store and the session follow
    run.row.status = end.status;
    run.row.error = end.error;
    run.row.finishedAt = new Date().toISOString();
    void this.finishAsync(run, end).catch((err: unknown) => this.deps.log.error({ err, run: run.row.id }, 'could not store the end of a run'));
  }

  private async finishAsync(run: ActiveRun, end: RunEnd): Promise<void> {
    const { sessions, store, metrics, hub } = this.deps;
    const s = run.session;
    const row = run.row;
    let error = end.error;
    if (end.rollback) {
      const at = s.runtime.step;
      const rolled = await sessions.rollback(s.row.id).catch(() => false);
      error = `${error ?? 'the run failed'}; the session was ${rolled ? `rolled back to step ${s.runtime.step}, its last saved state` : 'not rolled back (it is gone)'} (it had reached step ${at})`;
    } else {
      await sessions.persist(s, true).catch((err: unknown) => this.deps.log.error({ err, session: s.row.id }, 'could not persist a session after its run'));
    }
    if (end.metrics !== undefined) row.metrics = end.metrics;
    row.error = error;
    row.hasRecording = end.recording !== undefined;
    if (end.code) run.event(s.runtime.step, 'failed', { code: end.code });
    await (this.writes.get(row.id) ?? Promise.resolve());
    this.writes.delete(row.id);
    await store.runs.update(row, end.recording);
    metrics.runs.inc({ type: row.type, status: end.status });
    if (row.type === 'run') metrics.steps.inc({ kind: s.row.kind }, row.stepsDone);
    if (row.startedAt) metrics.runSeconds.observe({ type: row.type }, (Date.now() - Date.parse(row.startedAt)) / 1000);
    s.activeRunId = null;
    this.active.delete(row.id);
    this.jobs.delete(row.id);
    hub.publishEvent(s.row.id, {
      type: 'run',
      run: row.id,
      runType: row.type,
      status: end.status,
      stepsDone: row.stepsDone,
      ...(error ? { error } : {}),
      ...(end.code ? { code: end.code } : {}),
      ...(row.metrics ? { metrics: row.metrics } : {}),
    });
    run.ended();
  }

  /** Store the row's present state after the run's earlier writes. */
  private write(run: ActiveRun): void {
    const prev = this.writes.get(run.row.id) ?? Promise.resolve();
    this.writes.set(
      run.row.id,
      prev.then(() => this.deps.store.runs.update(run.row)).catch((err: unknown) => this.deps.log.warn({ err, run: run.row.id }, 'could not store a run status')),
    );
  }

  // ---- reading and control

  async get(user: User, sessionId: string, runId: string): Promise<RunView> {
    await this.deps.sessions.get(user, sessionId, 'read');
    const live = this.active.get(runId);
    if (live && live.session.row.id === sessionId) return runView(live.row, live.progress);
    const row = await this.deps.store.runs.get(runId);
    if (!row || row.sessionId !== sessionId) throw errors.notFound('run', runId);
    return runView(row, row.status === 'done' ? 1 : 0);
  }

  async list(user: User, sessionId: string): Promise<RunView[]> {
    await this.deps.sessions.get(user, sessionId, 'read');
    return (await this.deps.store.runs.list(sessionId)).map((r) => {
      const live = this.active.get(r.id);
      return live ? runView(live.row, live.progress) : runView(r, r.status === 'done' ? 1 : 0);
    });
  }

  /** Cancel: a queued run never starts; a running one stops at its next step boundary and keeps what it did. */
  async cancel(user: User, sessionId: string, runId: string): Promise<RunView> {
    await this.deps.sessions.get(user, sessionId);
    const run = this.active.get(runId);
    if (!run || run.session.row.id !== sessionId) return this.get(user, sessionId, runId);
    this.jobs.get(runId)?.stop();
    return runView(run.row, run.progress);
  }

  async waitFor(run: ActiveRun): Promise<RunView> {
    const row = await run.done;
    return runView(row, row.status === 'done' ? 1 : run.progress);
  }

  viewOf(run: ActiveRun): RunView {
    return runView(run.row, run.progress);
  }

  /** Control from a WebSocket client: pause, resume, stop, or set live parameters. */
  async control(user: User, sessionId: string, msg: ControlMessage): Promise<Record<string, unknown>> {
    const { sessions } = this.deps;
    const s = await sessions.get(user, sessionId);
    const job = s.activeRunId ? this.jobs.get(s.activeRunId) : undefined;
    if (msg.type === 'set') {
      const params = sessions.validateLive(s.model, msg.params, 'params');
      if (!this.setLive(s.row.id, params)) {
        s.runtime.live = { ...s.runtime.live, ...params };
        await sessions.persist(s, false);
        // everyone watching sees the knob, also with no run going
        this.deps.hub.publishEvent(s.row.id, { type: 'live', run: null, live: s.runtime.live });
      }
      return { type: 'ack', for: 'set', params };
    }
    if (!job) throw new AppError('RNN_ERR_NO_ACTIVE_RUN', 409, `session "${sessionId}" has no active run to ${msg.type}`);
    if (msg.type === 'stop') job.stop();
    else if (job instanceof RunJob) {
      if (msg.type === 'pause') job.pause();
      else job.resume();
    } else throw new AppError('RNN_ERR_NOT_PAUSABLE', 409, 'a training cannot be paused; stop it, or let it finish');
    return { type: 'ack', for: msg.type, run: job.run.row.id };
  }

  /** Live parameters for the session's active run, if it has one (they apply at its next step). */
  setLive(sessionId: string, params: Record<string, unknown>): boolean {
    for (const job of this.jobs.values()) {
      if (job.run.session.row.id === sessionId && job instanceof RunJob) {
        job.set(params);
        return true;
      }
    }
    return false;
  }

  /** Stop every job of `user` (a quota's runaway stop); returns how many. */
  stopUserJobs(user: string, reason: string, code = 'RNN_ERR_QUOTA'): number {
    let n = 0;
    for (const job of this.jobs.values()) {
      if (job.owner !== user) continue;
      job.stop({ status: 'failed', error: reason, code });
      n++;
    }
    return n;
  }

  /** Stop everything (shutdown): each run ends at its next step boundary with its progress recorded. */
  async stopAll(reason: string, timeoutMs: number): Promise<void> {
    const pending = [...this.active.values()];
    for (const run of pending) {
      this.jobs.get(run.row.id)?.stop({ status: 'cancelled', error: `${reason} after ${run.row.stepsDone} of ${run.row.stepsTotal || '?'} steps` });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(pending.map((r) => r.done)), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    if (this.timeLimit) clearInterval(this.timeLimit);
  }

  /** Stop the session's active run first and wait for its end (session deletion). */
  async abandon(sessionId: string): Promise<void> {
    for (const run of [...this.active.values()]) {
      if (run.session.row.id !== sessionId) continue;
      this.jobs.get(run.row.id)?.stop({ status: 'cancelled', error: 'session deleted' });
      await run.done;
    }
  }

  activeCount(): number {
    return this.active.size;
  }

  /** Active runs and trainings by status (for /metrics). */
  byStatus(): Record<string, number> {
    const by: Record<string, number> = {};
    for (const r of this.active.values()) by[r.row.status] = (by[r.row.status] ?? 0) + 1;
    return by;
  }

  /** The runs layer's view of residency, for the session service. */
  coordination(): RunCoordination {
    return {
      pinned: (sessionId) => [...this.jobs.values()].some((j) => j.run.session.row.id === sessionId),
      hold: async (sessionId) => {
        const job = [...this.jobs.values()].find((j) => j.run.session.row.id === sessionId);
        return job instanceof RunJob ? job.hold() : null;
      },
    };
  }

  /**
   * MAX_RUN_MS for trainings: a synchronous training is one long slice that reports nothing until it ends, so its
   * wall time is watched here; past the limit it is told to stop (ctx.cancelled()), and a thread that still does not
   * come back a limit's tenth later is ended (its training fails; the session is rolled back).
   */
  private watchTimeLimits(): void {
    if (this.timeLimit) return;
    this.timeLimit = setInterval(() => {
      const now = performance.now();
      let any = false;
      for (const job of this.jobs.values()) {
        if (!(job instanceof TrainJob) || job.startedAt === null) continue;
        any = true;
        const over = now - job.startedAt - this.settings.maxRunMs;
        if (over > 0) job.stop({ status: 'failed', error: `wall-time limit of ${this.settings.maxRunMs} ms reached (MAX_RUN_MS)`, code: 'RNN_ERR_TIME_LIMIT' });
        if (over > Math.max(2000, this.settings.maxRunMs / 10) && job.state === 'running' && job.slot !== null) {
          this.deps.log.warn({ run: job.run.row.id }, 'a training did not stop at its time limit: ending its thread');
          void this.scheduler.terminate(job.slot);
        }
      }
      if (!any && this.timeLimit) {
        clearInterval(this.timeLimit);
        this.timeLimit = null;
      }
    }, 250);
    this.timeLimit.unref();
  }
}
