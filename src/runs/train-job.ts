/**
 * A session's training as a scheduler job. Its first slice opens it on a worker and pins it there: a training
 * that is a generator lives in that thread's memory and goes on there a slice at a time (preemptible like a run);
 * a synchronous one is that one slice, however long, and the scheduler counts it as big (it never holds more
 * than threads − 1 threads). A stop reaches a synchronous training inside its slice through its ctx.cancelled()
 * (the slot block); a training returns early with what it has.
 *
 * Until the first slice says otherwise a training is taken to be synchronous, with the time its `train.cost`
 * estimate gives (or, without one, a long one).
 */
import type { Runtime } from '../engine/simulator.js';
import type { SliceMessage, SliceOrder, TrainSliceResult } from './engine/protocol.js';
import { Job, type JobNext } from './scheduler/job.js';
import type { ActiveRun, RunEnd, RunHost } from './active-run.js';

type StopReason = Omit<RunEnd, 'recording' | 'metrics'>;

export class TrainJob extends Job {
  readonly lane = 'interactive' as const;
  readonly owner: string;
  readonly label: string;
  private opened = false;
  private generator = false;
  private cancelWish = false;
  private stopReason: StopReason | null = null;
  /** performance.now() of its first slice (MAX_RUN_MS counts from there). */
  startedAt: number | null = null;

  constructor(
    private readonly host: RunHost,
    readonly run: ActiveRun,
    private readonly request: unknown,
    estimateMs: number,
  ) {
    super();
    this.owner = run.row.owner;
    this.label = run.row.id;
    this.estimateMs = estimateMs;
  }

  override get preemptible(): boolean {
    return this.generator;
  }

  override get exempt(): boolean {
    return this.cancelWish;
  }

  order(slot: number, budgetMs: number): SliceOrder {
    const order: SliceOrder = { job: this.handle, budgetMs };
    if (!this.opened) {
      const s = this.run.session;
      this.opened = true;
      this.pinned = slot;
      this.startedAt = performance.now();
      order.open = { type: 'train', kind: s.row.kind, config: s.row.config, runtime: s.runtime, request: this.request };
      this.host.started(this.run);
    }
    if (this.cancelWish) order.cancel = true;
    return order;
  }

  onSlice(msg: SliceMessage): JobNext {
    if (msg.error !== undefined || !msg.result || msg.result.type !== 'train') {
      return this.end({ status: 'failed', error: `the training failed: ${msg.error ?? 'no result'}`, code: 'RNN_ERR_RUN_FAILED', rollback: true });
    }
    const r = msg.result as TrainSliceResult;
    if (!r.done) {
      this.generator = true;
      return { state: 'ready' };
    }
    const s = this.run.session;
    s.runtime = r.runtime as Runtime;
    this.run.row.metrics = r.result?.metrics ?? null;
    this.run.row.curves = r.result?.curves ?? null;
    this.run.progress = 1;
    const end: StopReason = this.stopReason ?? (r.cancelled ? { status: 'cancelled', error: null } : { status: 'done', error: null });
    return this.end({ ...end });
  }

  override onProgress(fraction: number, figures?: Record<string, number>): void {
    this.run.progress = fraction;
    this.host.progress(this.run, fraction, figures);
  }

  onLost(error: Error): void {
    this.end({ status: 'failed', error: `the worker thread running this training died (${error.message})`, code: 'RNN_ERR_WORKER_DIED', rollback: true });
  }

  override onOrphaned(): JobNext {
    // the generator lived on the thread that died: what it had done is gone with it, half-written into the state
    return this.end({ status: 'failed', error: 'the worker thread holding this training died', code: 'RNN_ERR_WORKER_DIED', rollback: true });
  }

  onRefused(reason: string, code: string): JobNext {
    this.stop({ status: 'failed', error: reason, code });
    return this.opened ? { state: 'ready' } : { state: 'done' };
  }

  /** The user's stop (or the time limit, or shutdown): the training returns early and keeps what it learned. */
  stop(reason: StopReason = { status: 'cancelled', error: null }): void {
    if (this.cancelWish) return;
    this.cancelWish = true;
    this.stopReason = reason;
    if (!this.opened) {
      if (this.state !== 'done') {
        this.host.scheduler.remove(this);
        this.end({ ...reason });
      }
      return;
    }
    if (this.state === 'running') this.host.scheduler.cancelNow(this);
    else this.host.scheduler.set(this, { state: 'ready' });
  }

  private end(end: RunEnd): JobNext {
    this.host.finish(this.run, end);
    return { state: 'done' };
  }
}
