/**
 * One experiment task (grid point × seed) as a scheduler job in its owner's batch lane: fair-shared with everyone
 * else's work, after its owner's interactive work. Its first slice builds the network on a worker and pins the
 * task there (the task is a generator in that thread, see task.ts); later slices go on training and running it a
 * quantum at a time. A task is seeded and independent: if the thread holding it dies while it waits, it starts
 * again from scratch elsewhere and gives the same numbers; only the task whose slice was running when the thread
 * died fails.
 */
import type { ExperimentSliceResult, SliceMessage, SliceOrder } from '../runs/engine/protocol.js';
import { Job, type JobNext } from '../runs/scheduler/job.js';
import type { ExperimentTask, ExperimentTaskResult } from './task.js';

export class ExperimentTaskJob extends Job {
  readonly lane = 'batch' as const;
  readonly label: string;
  private opened = false;
  /** Its first slice was dispatched (the row is running). */
  started = false;

  constructor(
    readonly owner: string,
    experimentId: string,
    index: number,
    private readonly task: ExperimentTask,
    /** Time of the first slice (the network's build, and a synchronous training when there is one), ms. */
    private readonly firstSliceMs: number,
    private readonly onStart: () => void,
    private readonly settle: (err: Error | null, result?: ExperimentTaskResult) => void,
  ) {
    super();
    this.label = `${experimentId}:${index}`;
    this.estimateMs = firstSliceMs;
  }

  override get preemptible(): boolean {
    return this.opened;
  }

  order(slot: number, budgetMs: number): SliceOrder {
    const order: SliceOrder = { job: this.handle, budgetMs };
    if (!this.opened) {
      this.opened = true;
      this.pinned = slot;
      order.open = { type: 'experiment', task: this.task };
      if (!this.started) {
        this.started = true;
        this.onStart();
      }
    }
    return order;
  }

  onSlice(msg: SliceMessage): JobNext {
    if (msg.error !== undefined || !msg.result || msg.result.type !== 'experiment') {
      this.settle(new Error(msg.error ?? 'no result'));
      return { state: 'done' };
    }
    const r = msg.result as ExperimentSliceResult;
    if (!r.done) return { state: 'ready' };
    this.settle(null, r.result);
    return { state: 'done' };
  }

  onLost(error: Error): void {
    this.settle(new Error(`the worker thread running this task died (${error.message})`));
  }

  override onOrphaned(): JobNext {
    // seeded and independent: start it again from scratch on another thread
    this.opened = false;
    this.estimateMs = this.firstSliceMs;
    return { state: 'ready' };
  }

  onRefused(reason: string): JobNext {
    this.settle(new Error(reason));
    return { state: 'done' };
  }
}
