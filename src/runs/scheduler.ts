/**
 * Which task goes to the pool next. The pool has `capacity` threads; tasks wait here, not in piscina, so that the
 * order is ours: interactive work (a person watching a session) always goes before batch work (experiment sweeps),
 * and batch work is taken round-robin across users, so one user's 10,000-task sweep neither starves another's
 * session nor another user's sweep. Interactive waiting is bounded (`maxQueue`): past it, a 503 with Retry-After.
 */
import { errors } from '../errors.js';

export type Lane = 'interactive' | 'batch';

export interface Job {
  id: string;
  owner: string;
  lane: Lane;
  /** Starts the work; resolves when it is finished (its outcome is the job's own business). */
  start(): Promise<unknown>;
}

export class Scheduler {
  private readonly interactive: Job[] = [];
  private readonly batch = new Map<string, Job[]>();
  private batchOrder: string[] = [];
  private running = 0;
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly maxQueue: number,
    private readonly onDepthChange: (depth: number) => void = () => {},
  ) {}

  get depth(): number {
    let n = this.interactive.length;
    for (const q of this.batch.values()) n += q.length;
    return n;
  }

  get active(): number {
    return this.running;
  }

  /** Throws the error `enqueue` would throw for this lane (queue full, shutting down); nothing otherwise. */
  checkRoom(lane: Lane): void {
    if (this.closed) throw errors.shuttingDown();
    if (lane === 'interactive' && this.interactive.length >= this.maxQueue) {
      throw errors.queueFull(Math.max(1, Math.ceil(this.interactive.length / this.capacity)));
    }
  }

  enqueue(job: Job): void {
    this.checkRoom(job.lane);
    if (job.lane === 'interactive') {
      this.interactive.push(job);
    } else {
      let q = this.batch.get(job.owner);
      if (!q) {
        this.batch.set(job.owner, (q = []));
        this.batchOrder.push(job.owner);
      }
      q.push(job);
    }
    this.onDepthChange(this.depth);
    this.pump();
  }

  /** Remove a job that has not started; true if it was waiting. */
  remove(jobId: string): boolean {
    const i = this.interactive.findIndex((j) => j.id === jobId);
    if (i >= 0) {
      this.interactive.splice(i, 1);
      this.onDepthChange(this.depth);
      return true;
    }
    for (const [owner, q] of this.batch) {
      const k = q.findIndex((j) => j.id === jobId);
      if (k >= 0) {
        q.splice(k, 1);
        if (q.length === 0) this.dropOwner(owner);
        this.onDepthChange(this.depth);
        return true;
      }
    }
    return false;
  }

  /** Stop taking work; waiting jobs are returned to the caller (to be cancelled). */
  close(): Job[] {
    this.closed = true;
    const waiting = [...this.interactive, ...[...this.batch.values()].flat()];
    this.interactive.length = 0;
    this.batch.clear();
    this.batchOrder = [];
    this.onDepthChange(0);
    return waiting;
  }

  private dropOwner(owner: string): void {
    this.batch.delete(owner);
    this.batchOrder = this.batchOrder.filter((o) => o !== owner);
  }

  private next(): Job | undefined {
    const j = this.interactive.shift();
    if (j) return j;
    const owner = this.batchOrder.shift();
    if (owner === undefined) return undefined;
    const q = this.batch.get(owner)!;
    const job = q.shift();
    if (q.length === 0) this.batch.delete(owner);
    else this.batchOrder.push(owner); // round-robin: this owner goes to the back
    return job;
  }

  private pump(): void {
    while (!this.closed && this.running < this.capacity) {
      const job = this.next();
      if (!job) return;
      this.running++;
      this.onDepthChange(this.depth);
      void job
        .start()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
