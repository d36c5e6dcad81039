/**
 * A session run as a scheduler job. Between slices the whole run is on the main thread — the session's runtime
 * (kept current from every slice's result) and the cursor snapshot — so it holds no thread while it waits:
 *
 * - unpaced: ready again after every slice (a time quantum), frames capped at MAX_FRAME_RATE;
 * - paced at `fps`: a slice is one frame (frameEvery steps); then it sleeps until its next frame is due, on a
 *   schedule `base + k / fps` that is re-based rather than caught up when the server falls more than a frame behind;
 * - paused: waiting, no slices at all; stop: one last slice that computes the recording and metrics.
 *
 * A `set` between slices is applied at once (the session's present step is the next one the run takes); one that
 * arrives while a slice executes is applied before the next slice's first step. Either way that step is written in
 * the run's timeline, as are pause, resume and stop: replaying the timeline on the same seed gives the same recording.
 */
import type { RunCursorSnapshot } from '../engine/run-cursor.js';
import { applyScalars } from '../engine/state-scalars.js';
import type { RunOpen, RunSliceResult, SliceMessage, SliceOrder } from './engine/protocol.js';
import { Job, type JobNext } from './scheduler/job.js';
import type { ActiveRun, RunEnd, RunHost } from './active-run.js';
import type { PreparedRun } from './run-request.js';

type StopReason = Omit<RunEnd, 'recording' | 'metrics'>;

/** Progress events at most this often. */
const PROGRESS_EVERY_MS = 100;

export class RunJob extends Job {
  readonly lane = 'interactive' as const;
  readonly owner: string;
  readonly label: string;
  private snapshot: RunCursorSnapshot | undefined;
  /** Live changes that arrived while a slice was executing: they apply before the next slice's first step. */
  private pendingLive: Record<string, unknown> | null = null;
  /** Live changes applied on the main thread that the worker holding the run has not been sent yet. */
  private workerLive: Record<string, unknown> | null = null;
  private wish: 'run' | 'pause' | 'stop' = 'run';
  private isPaused = false;
  private stopReason: StopReason | null = null;
  private dispatched = false;
  /** Wall time the run has been active (not paused), for MAX_RUN_MS. */
  private activeMs = 0;
  private activeFrom: number | null = null;
  private frameBase = 0;
  private framesFromBase = 0;
  /** Earliest epoch time (ms) of an unpaced run's next frame. */
  private nextFrameAfter = 0;
  private lastProgressAt = 0;
  private holds = 0;
  private holdWaiters: (() => void)[] = [];
  private readonly periodMs: number;
  /** It sleeps until MAX_RUN_MS rather than its next frame (a tiny fps): the slice it wakes for ends it. */
  private wakesAtLimit = false;

  constructor(
    private readonly host: RunHost,
    readonly run: ActiveRun,
    private readonly prepared: PreparedRun,
    private readonly fault?: RunOpen['fault'],
  ) {
    super();
    this.owner = run.row.owner;
    this.label = run.row.id;
    this.periodMs = prepared.fps ? 1000 / prepared.fps : 0;
    this.pendingLive = prepared.live;
  }

  override get paced(): boolean {
    return this.prepared.fps !== undefined;
  }

  /** Its first wish: a paced run's first frame is due now. */
  first(): JobNext {
    this.frameBase = performance.now();
    return this.paced ? { state: 'sleeping', until: this.frameBase } : { state: 'ready' };
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** True while nothing of the run executes and none will until it is resumed (its session may leave memory). */
  get idle(): boolean {
    return this.isPaused && this.state !== 'running';
  }

  order(slot: number, budgetMs: number): SliceOrder {
    const s = this.run.session;
    const now = performance.now();
    if (!this.dispatched) {
      this.dispatched = true;
      this.activeFrom = now;
      this.host.started(this.run);
    }
    const order: SliceOrder = { job: this.handle, budgetMs };
    // a paced run that slept until MAX_RUN_MS (a tiny fps) ends now rather than after one more frame; the scheduler
    // may hand out a sleeper's slice a few ms early, so the wake itself decides, not the clock
    if (this.wish !== 'stop' && (this.wakesAtLimit || this.overLimit(now))) this.stopForTime();
    this.wakesAtLimit = false;
    if (this.pendingLive && this.wish !== 'stop') {
      this.applyLive(this.pendingLive);
      this.pendingLive = null;
    }
    if (this.workerLive) {
      order.live = this.workerLive;
      this.workerLive = null;
    }
    if (this.holder !== slot) {
      order.open = {
        type: 'run',
        session: s.row.id,
        runId: this.run.row.id,
        kind: s.row.kind,
        config: s.row.config,
        runtime: s.runtime,
        spec: this.prepared.spec,
        ...(this.snapshot ? { snapshot: this.snapshot } : {}),
        maxRecordedValues: this.host.settings.maxRecordedValues,
        ...(this.fault ? { fault: this.fault } : {}),
      };
    }
    if (this.wish === 'stop') order.finish = true;
    else if (this.paced) order.untilFrame = true;
    else order.frameAfter = this.nextFrameAfter;
    return order;
  }

  /** This slice only ends the run (no steps): quotas do not apply to it. */
  override get exempt(): boolean {
    return this.wish === 'stop';
  }

  onSlice(msg: SliceMessage): JobNext {
    if (msg.error !== undefined || !msg.result || msg.result.type !== 'run') {
      return this.end({ status: 'failed', error: `the run failed: ${msg.error ?? 'no result'}`, code: 'RNN_ERR_RUN_FAILED', rollback: true });
    }
    const r = msg.result as RunSliceResult;
    const rt = this.run.session.runtime;
    rt.step = r.step;
    rt.t = r.t;
    rt.rngState = r.rngState;
    if (r.scalars) applyScalars(rt.state, r.scalars);
    this.snapshot = r.snapshot;
    this.run.row.stepsDone = r.stepsDone;
    if (r.frames.length > 0) this.host.frames(this.run, r.frames);
    const now = performance.now();
    if (r.final) {
      const natural = r.stepsDone >= this.prepared.spec.steps;
      const reason: StopReason = natural && this.stopReason?.status !== 'failed' ? { status: 'done', error: null } : (this.stopReason ?? { status: 'done', error: null });
      if (reason.status !== 'done' || !natural) this.run.event(rt.step, 'stop', reason.error ? { reason: reason.error } : {});
      return this.end({ ...reason, recording: new Uint8Array(r.final.recording), metrics: r.final.metrics });
    }
    if (now - this.lastProgressAt >= PROGRESS_EVERY_MS) {
      this.lastProgressAt = now;
      this.host.progress(this.run, r.stepsDone / this.prepared.spec.steps);
    }
    if (this.wish !== 'stop' && this.overLimit(now)) this.stopForTime();
    if (this.wish === 'stop') return { state: 'ready' };
    if (this.holds > 0) {
      for (const w of this.holdWaiters.splice(0)) w();
      return { state: 'waiting' };
    }
    if (this.wish === 'pause') return this.becomePaused(now);
    if (this.paced) {
      if (r.frames.length === 0) return { state: 'ready' }; // the budget ended the slice inside a frame
      this.framesFromBase++;
      let due = this.frameBase + this.framesFromBase * this.periodMs;
      if (due < now - this.periodMs) {
        // more than a frame behind: start the schedule again from now instead of bursting to catch up
        this.frameBase = now;
        this.framesFromBase = 0;
        due = now;
      }
      // never sleep past the wall-time limit (a tiny fps): wake then, and end
      const limit = this.limitAt();
      this.wakesAtLimit = limit < due;
      return { state: 'sleeping', until: Math.min(due, limit) };
    }
    if (r.frames.length > 0) this.nextFrameAfter = performance.timeOrigin + now + 1000 / this.host.settings.maxFrameRate;
    return { state: 'ready' };
  }

  onLost(error: Error): void {
    this.end({
      status: 'failed',
      error: `the worker thread running this run died (${error.message})`,
      code: 'RNN_ERR_WORKER_DIED',
      rollback: true,
    });
  }

  onRefused(reason: string, code: string): JobNext {
    this.stop({ status: 'failed', error: reason, code });
    return { state: 'ready' };
  }

  pause(): void {
    if (this.wish === 'stop' || this.isPaused) return;
    this.wish = 'pause';
    if (this.state === 'running') this.host.scheduler.yieldNow(this);
    else this.host.scheduler.set(this, this.becomePaused(performance.now()));
  }

  resume(): void {
    if (this.wish === 'stop') return;
    if (!this.isPaused) {
      if (this.wish === 'pause') this.wish = 'run'; // the pause had not taken effect yet
      return;
    }
    this.isPaused = false;
    this.wish = 'run';
    const now = performance.now();
    this.activeFrom = now;
    this.run.event(this.run.session.runtime.step, 'resume');
    this.host.status(this.run, 'running');
    if (this.holds > 0) return;
    this.frameBase = now;
    this.framesFromBase = 0;
    this.host.scheduler.set(this, this.paced ? { state: 'sleeping', until: now } : { state: 'ready' });
  }

  /**
   * Live parameters for the next step the run takes. Between slices that step is the session's present step, so the
   * change applies at once (watchers see it, the timeline gets that step) and reaches the worker's copy with the next
   * slice; during a slice it waits for the slice's end.
   */
  set(params: Record<string, unknown>): void {
    if (this.state === 'running' || this.wish === 'stop') this.pendingLive = { ...(this.pendingLive ?? {}), ...params };
    else this.applyLive(params);
  }

  private applyLive(params: Record<string, unknown>): void {
    const rt = this.run.session.runtime;
    Object.assign(rt.live, params);
    this.workerLive = { ...(this.workerLive ?? {}), ...params };
    this.run.event(rt.step, 'set', { params });
    this.host.live(this.run, rt.live);
  }

  /** Stop: the steps taken so far are kept (recording, metrics); a run that never started just ends. */
  stop(reason: StopReason = { status: 'cancelled', error: null }): void {
    if (this.wish === 'stop') return;
    this.wish = 'stop';
    this.stopReason = reason;
    if (this.state === 'running') {
      this.host.scheduler.yieldNow(this);
      return;
    }
    if (!this.dispatched) {
      this.host.scheduler.remove(this);
      this.end({ ...reason });
      return;
    }
    if (this.isPaused) {
      this.isPaused = false;
      this.activeFrom = performance.now();
    }
    if (this.holds === 0) this.host.scheduler.set(this, { state: 'ready' });
  }

  /**
   * Hold the run at a step boundary (its next slice waits) until the returned release is called: the session's
   * state can then be read consistently (a fork of a running session).
   */
  async hold(): Promise<() => void> {
    this.holds++;
    this.wakesAtLimit = false; // the release wakes it at once, not at the limit
    if (this.state === 'running') await new Promise<void>((resolve) => this.holdWaiters.push(resolve));
    else if (this.state !== 'done') this.host.scheduler.set(this, { state: 'waiting' });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds > 0 || this.state === 'done') return;
      if (this.wish === 'stop') this.host.scheduler.set(this, { state: 'ready' });
      else if (!this.isPaused) this.host.scheduler.set(this, this.paced ? { state: 'sleeping', until: performance.now() } : { state: 'ready' });
    };
  }

  /** Active wall time past MAX_RUN_MS (paused time excluded). */
  private overLimit(now: number): boolean {
    return this.activeMs + (now - (this.activeFrom ?? now)) > this.host.settings.maxRunMs;
  }

  /** When (performance.now()) the active wall time reaches MAX_RUN_MS, if the run stays active. */
  private limitAt(): number {
    return (this.activeFrom ?? performance.now()) + this.host.settings.maxRunMs - this.activeMs + 1;
  }

  private stopForTime(): void {
    const maxMs = this.host.settings.maxRunMs;
    this.wish = 'stop';
    this.stopReason = { status: 'failed', error: `wall-time limit of ${maxMs} ms reached after ${this.run.row.stepsDone} steps (MAX_RUN_MS)`, code: 'RNN_ERR_TIME_LIMIT' };
  }

  private becomePaused(now: number): JobNext {
    this.isPaused = true;
    this.wakesAtLimit = false;
    if (this.activeFrom !== null) this.activeMs += now - this.activeFrom;
    this.activeFrom = null;
    this.run.event(this.run.session.runtime.step, 'pause');
    this.host.status(this.run, 'paused');
    return { state: 'waiting' };
  }

  private end(end: RunEnd): JobNext {
    if (this.pendingLive) {
      // set after the last step: it changes the session, not this run
      Object.assign(this.run.session.runtime.live, this.pendingLive);
      this.pendingLive = null;
    }
    for (const w of this.holdWaiters.splice(0)) w();
    this.host.finish(this.run, end);
    return { state: 'done' };
  }
}
