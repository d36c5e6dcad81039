/**
 * A job as the scheduler sees it: a unit of work on the pool that is executed a slice at a time — a session run, a
 * training, a network build, an experiment task. The scheduler decides when and where its next slice runs; the job
 * (its subclass in src/runs/…) builds the slice's order and says what it wants next from each slice's result.
 */
import type { SliceMessage, SliceOrder } from '../engine/protocol.js';
import type { Deadlined } from './deadline-heap.js';

/** Interactive work is what a person waits for (runs, trainings, builds); batch is experiment tasks. */
export type Lane = 'interactive' | 'batch';

/**
 * ready: wants a slice now. sleeping: wants one at `deadline` (a paced run's next frame). waiting: wants none until
 * told (paused, or waiting for something else). running: a slice is on a worker. done: finished, forgotten.
 */
export type JobState = 'ready' | 'sleeping' | 'waiting' | 'running' | 'done';

export type JobNext = { state: 'ready' } | { state: 'sleeping'; until: number } | { state: 'waiting' } | { state: 'done' };

let handles = 0;

export abstract class Job implements Deadlined {
  /** Unique for the life of the process (never reused): names the job in orders and in a slot's block. */
  readonly handle = ++handles;
  state: JobState = 'waiting';
  /** When sleeping: the performance.now() time of its next slice. */
  deadline = 0;
  deadlineVersion = 0;
  /** When ready: since when (performance.now()). */
  readySince = 0;
  /** The slot that holds an up-to-date copy (the next order there need not re-open the job). */
  holder: number | null = null;
  /** The slot the job must run on (a generator lives there); null: any. */
  pinned: number | null = null;
  /** Some thread opened it once (a later open is a move). */
  everOpened = false;
  /** The slot executing its slice, while running. */
  slot: number | null = null;
  /** Expected busy time of the next slice (ms), learned from the last ones. */
  estimateMs = 1;
  /** Seconds charged to the owner when the running slice was dispatched (corrected when it ends). */
  charged = 0;
  /** The job was removed while its slice ran: it is dropped when the slice ends. */
  removed = false;

  abstract readonly owner: string;
  abstract readonly lane: Lane;
  /** Names the job for the run guard and logs (a run id, "experiment:index"). */
  abstract readonly label: string;
  /** A paced job's sleeping slices are taken by deadline before fair order. */
  get paced(): boolean {
    return false;
  }
  /** False when the next slice cannot end at its budget (a build, a synchronous training): it may take long. */
  get preemptible(): boolean {
    return true;
  }

  /** The next slice only ends the job (no work): the run guard does not apply to it. */
  get exempt(): boolean {
    return false;
  }

  /** A training's progress, posted by its worker while the slice runs. */
  onProgress(_fraction: number, _figures?: Record<string, number>): void {}

  /** The next slice's order for `slot` (open the job there first unless `holder === slot`). */
  abstract order(slot: number, budgetMs: number): SliceOrder;
  /** A slice ended (with a result or an error): what the job wants next. */
  abstract onSlice(msg: SliceMessage, slot: number): JobNext;
  /** The thread died executing this job's slice: the job is over (fail it, roll its session back). */
  abstract onLost(error: Error): void;
  /** The thread holding this job died while the job waited: by default it is re-opened elsewhere from its copy. */
  onOrphaned(): JobNext | null {
    return null;
  }
  /** The run guard refused the next slice (a quota): stop the job with that reason. */
  abstract onRefused(reason: string, code: string): JobNext;

  /** Learn the slice cost: an exponentially weighted mean of the measured busy times. */
  learn(busyMs: number): void {
    this.estimateMs = 0.7 * this.estimateMs + 0.3 * busyMs;
  }
}
