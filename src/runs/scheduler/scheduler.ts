/**
 * The scheduler: decides, on the main thread, what each pool thread does next. Whenever a thread is idle it gets a
 * batch of slices (a few ms of work, so that the ~20 µs a message round trip costs is shared by many slices):
 *
 * 1. paced runs whose next frame is due (earliest deadline first, a few ms of look-ahead), as long as their owner
 *    is within a second of their fair share — a paced run cannot be used to take more than one's share;
 * 2. then, by fair share between users (fair-share.ts), each user's interactive work (runs, trainings, builds)
 *    before their batch work (experiment tasks), their jobs taken round-robin.
 *
 * A slice that cannot end at its budget (a build, a synchronous training) and is expected to take long is "big":
 * big slices never hold more than max(1, threads − 1) threads, so small work always has a thread. A job's copy
 * stays on the thread that last ran it (its `holder`), and a slice goes elsewhere only when that thread is busy
 * for longer than the job can wait; moving a run costs one structured clone of its runtime.
 *
 * Every slice's measured busy time is charged to its owner (accounting.ts; `/metrics`), and a run guard (quotas,
 * injected) may refuse any job's next slice.
 */
import type { EnginePool } from '../engine/engine-pool.js';
import type { BatchMessage, ProgressMessage, SliceMessage, SliceOrder } from '../engine/protocol.js';
import { Accounting } from './accounting.js';
import { DeadlineHeap } from './deadline-heap.js';
import { FairShare } from './fair-share.js';
import type { Job, JobNext, Lane } from './job.js';

/** Quotas, injected from src/http/services.ts (the runs layer never imports classes). */
export interface RunGuard {
  /** Before every slice of every job: non-null stops that job (its status says the reason). */
  beforeSlice(owner: string, jobId: string): null | { reason: string; code: string };
}

export interface SchedulerOptions {
  /** Slice budget of preemptible work (ms). */
  quantumMs?: number;
  /** Expected work put in one batch (ms). */
  batchMs?: number;
  /** A paced frame may be computed this early (ms). */
  lookaheadMs?: number;
  /** A paced frame later than this (ms) takes any idle thread, not only its holder. */
  lateMs?: number;
  /** A non-preemptible slice expected to take longer than this (ms) is big. */
  bigSliceMs?: number;
  /** Seconds of weighted work a user may be ahead of the floor and keep deadline priority for paced runs. */
  pacedLeadLimit?: number;
  guard?: RunGuard;
  weight?: (user: string) => number;
}

interface UserQueues {
  interactive: Job[];
  batch: Job[];
  /** Jobs of this user known to the scheduler (any state). */
  jobs: number;
}

const lanes: Lane[] = ['interactive', 'batch'];

export class Scheduler {
  readonly accounting: Accounting;
  readonly fair: FairShare;
  private readonly jobs = new Map<number, Job>();
  private readonly sleepers = new DeadlineHeap<Job>();
  private readonly users = new Map<string, UserQueues>();
  private readonly forgets: number[][];
  private readonly releases: unknown[][];
  /** Per slot: the job handles of the batch in flight and whether it holds a big slice. */
  private readonly inFlight: { jobs: Set<number>; big: boolean }[];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private batchSeq = 0;
  /** Slices that opened a job on a thread other than the one that held it (runs moved between threads). */
  moves = 0;
  private closed = false;
  private readonly o: Required<Omit<SchedulerOptions, 'guard' | 'weight'>>;
  private guard: RunGuard | null;

  constructor(
    private readonly engine: EnginePool,
    opts: SchedulerOptions = {},
    onCharge: (user: string, seconds: number) => void = () => {},
  ) {
    this.o = {
      quantumMs: opts.quantumMs ?? 5,
      batchMs: opts.batchMs ?? 8,
      lookaheadMs: opts.lookaheadMs ?? 3,
      lateMs: opts.lateMs ?? 10,
      bigSliceMs: opts.bigSliceMs ?? 50,
      pacedLeadLimit: opts.pacedLeadLimit ?? 1,
    };
    this.guard = opts.guard ?? null;
    this.accounting = new Accounting(onCharge);
    this.fair = new FairShare(opts.weight);
    this.forgets = Array.from({ length: engine.size }, () => []);
    this.releases = Array.from({ length: engine.size }, () => []);
    this.inFlight = Array.from({ length: engine.size }, () => ({ jobs: new Set(), big: false }));
  }

  get threads(): number {
    return this.engine.size;
  }

  setGuard(guard: RunGuard | null): void {
    this.guard = guard;
  }

  /** Jobs by state (for /metrics and readiness). */
  counts(): Record<'ready' | 'sleeping' | 'waiting' | 'running', number> {
    const c = { ready: 0, sleeping: 0, waiting: 0, running: 0 };
    for (const j of this.jobs.values()) if (j.state !== 'done') c[j.state]++;
    return c;
  }

  /** Jobs waiting for a thread now (ready). */
  get depth(): number {
    return this.counts().ready;
  }

  /** Jobs whose slice is executing now. */
  get active(): number {
    return this.counts().running;
  }

  /** Threads executing a batch now. */
  busyThreads(): number {
    return this.inFlight.filter((f) => f.jobs.size > 0).length;
  }

  has(job: Job): boolean {
    return this.jobs.has(job.handle);
  }

  /** Register a job in its present state (ready, sleeping with a deadline, or waiting). */
  add(job: Job, next: JobNext): void {
    if (this.closed) throw new Error('the scheduler is closed');
    this.jobs.set(job.handle, job);
    const q = this.queuesOf(job.owner);
    q.jobs++;
    this.apply(job, next);
    this.pump();
  }

  /** Change a job's wish while it is not running (resume a paused run, a paced run's new deadline…). */
  set(job: Job, next: JobNext): void {
    if (!this.jobs.has(job.handle) || job.state === 'running') return;
    this.unqueue(job);
    this.apply(job, next);
    this.pump();
  }

  /** Forget a job. A running job is dropped when its slice ends (the slice's result still reaches it). */
  remove(job: Job): void {
    if (!this.jobs.has(job.handle)) return;
    if (job.state === 'running') {
      job.removed = true;
      return;
    }
    this.unqueue(job);
    this.drop(job);
  }

  /** End the job's running slice at its next step or yield (pause, stop). */
  yieldNow(job: Job): void {
    if (job.state === 'running' && job.slot !== null) this.engine.requestYield(job.slot, job.handle);
  }

  /** A training's stop, seen by its ctx.cancelled() even inside one long slice. */
  cancelNow(job: Job): void {
    if (job.state === 'running' && job.slot !== null) this.engine.requestCancel(job.slot, job.handle);
  }

  /** Give a state's WebAssembly blocks back: every thread frees the blocks it allocated. */
  release(state: unknown): void {
    for (const r of this.releases) r.push(state);
    this.pump();
  }

  /**
   * Let every movable job's next slice open it afresh on whichever thread takes it (each thread forgets its copy):
   * what a thread's death does to the jobs it held, on purpose — tests use it to move runs between threads.
   */
  dropCopies(): void {
    for (const job of this.jobs.values()) {
      if (job.pinned !== null || job.holder === null || job.state === 'running') continue;
      this.forgets[job.holder]!.push(job.handle);
      job.holder = null;
    }
  }

  /** End a thread whose slice will not come back (past every limit): its job fails, the thread is replaced. */
  terminate(slot: number): Promise<void> {
    return this.engine.terminate(slot);
  }

  /** Shutdown: every job still here (builds, experiment tasks) is told it is lost, so nothing waits on it. */
  abandonAll(reason: string): void {
    for (const job of [...this.jobs.values()]) {
      this.unqueue(job);
      this.drop(job);
      try {
        job.onLost(new Error(reason));
      } catch {
        // nothing more to do for it
      }
    }
  }

  /** Stop dispatching (shutdown); running slices end by themselves. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- engine events (wired in src/http/services.ts)

  onSlice(slot: number, msg: SliceMessage): void {
    const job = this.jobs.get(msg.job);
    this.inFlight[slot]!.jobs.delete(msg.job);
    if (!job) return;
    const seconds = msg.busyMs / 1000;
    this.fair.charge(job.owner, seconds - job.charged);
    job.charged = 0;
    this.accounting.charge(job.owner, seconds);
    job.learn(msg.busyMs);
    job.slot = null;
    job.holder = msg.error ? null : slot;
    let next: JobNext;
    try {
      next = job.onSlice(msg, slot);
    } catch {
      next = { state: 'done' };
    }
    if (job.removed) next = { state: 'done' };
    job.state = 'waiting';
    this.apply(job, next);
  }

  onProgress(_slot: number, msg: ProgressMessage): void {
    this.jobs.get(msg.job)?.onProgress(msg.fraction, msg.figures);
  }

  onBatchDone(slot: number, _batch: number, skipped: number[]): void {
    const f = this.inFlight[slot]!;
    for (const h of skipped) this.putBack(this.jobs.get(h));
    f.jobs.clear();
    f.big = false;
    this.pump();
  }

  onDeath(slot: number, info: { executing: number; unanswered: number[]; error: Error }): void {
    const f = this.inFlight[slot]!;
    f.jobs.clear();
    f.big = false;
    this.forgets[slot] = [];
    const lost = this.jobs.get(info.executing);
    if (lost) {
      this.fair.charge(lost.owner, -lost.charged);
      lost.state = 'waiting';
      lost.slot = null;
      this.unqueue(lost);
      this.drop(lost);
      try {
        lost.onLost(info.error);
      } catch {
        // the job's own bookkeeping failed; it is gone from the scheduler either way
      }
    }
    for (const h of info.unanswered) this.putBack(this.jobs.get(h));
    // Whatever the dead thread held is gone: runs re-open elsewhere from the main thread's copy; pinned jobs decide.
    for (const job of [...this.jobs.values()]) {
      if (job.holder === slot) job.holder = null;
      if (job.pinned === slot) {
        job.pinned = null;
        const next = job.onOrphaned();
        if (next) this.set(job, next);
      }
    }
  }

  onReady(_slot: number): void {
    this.pump();
  }

  // ---- internals

  private queuesOf(user: string): UserQueues {
    let q = this.users.get(user);
    if (!q) this.users.set(user, (q = { interactive: [], batch: [], jobs: 0 }));
    return q;
  }

  private apply(job: Job, next: JobNext): void {
    job.deadlineVersion++;
    switch (next.state) {
      case 'ready': {
        const q = this.queuesOf(job.owner);
        if (q.interactive.length + q.batch.length === 0) this.fair.activate(job.owner);
        job.state = 'ready';
        job.readySince = performance.now();
        q[job.lane].push(job);
        break;
      }
      case 'sleeping':
        job.state = 'sleeping';
        job.deadline = next.until;
        this.sleepers.push(job);
        break;
      case 'waiting':
        job.state = 'waiting';
        break;
      case 'done':
        this.drop(job);
        break;
    }
    if (next.state !== 'done') this.pump();
  }

  /** Take a job out of whatever queue it is in (it keeps its state field until the caller sets a new one). */
  private unqueue(job: Job): void {
    job.deadlineVersion++; // a heap entry is now stale
    if (job.state === 'ready') {
      const q = this.users.get(job.owner);
      const list = q?.[job.lane];
      const i = list ? list.indexOf(job) : -1;
      if (i >= 0) list!.splice(i, 1);
    }
  }

  private drop(job: Job): void {
    if (!this.jobs.delete(job.handle)) return;
    job.state = 'done';
    if (job.holder !== null) this.forgets[job.holder]!.push(job.handle);
    job.holder = null;
    const q = this.users.get(job.owner);
    if (q && --q.jobs <= 0) {
      this.users.delete(job.owner);
      this.fair.drop(job.owner);
    }
  }

  /** An order that was not executed (skipped, or its thread died first): the job wants its slice again. */
  private putBack(job: Job | undefined): void {
    if (!job || job.state !== 'running') return;
    this.fair.charge(job.owner, -job.charged);
    job.charged = 0;
    job.slot = null;
    // the order may have opened it there: the thread never did, so the next order opens it again
    job.holder = null;
    if (job.removed) {
      this.drop(job);
      return;
    }
    job.state = 'waiting';
    this.apply(job, job.paced ? { state: 'sleeping', until: job.deadline } : { state: 'ready' });
  }

  private bigRunning(): number {
    return this.inFlight.filter((f) => f.big).length;
  }

  private isBig(job: Job): boolean {
    return !job.preemptible && job.estimateMs > this.o.bigSliceMs;
  }

  /** May `job` go to `slot` now? */
  private runnableOn(job: Job, slot: number, now: number): boolean {
    if (job.pinned !== null && job.pinned !== slot) return false;
    if (job.holder !== null && job.holder !== slot && this.engine.isReady(job.holder)) {
      // Its copy is on a thread that is busy: wait for that thread (a few ms) rather than move, unless the thread is
      // on a big slice or the job has waited too long already. (Moving costs a structured clone of the runtime, and
      // without this rule a lone run would move at every slice, to whichever thread was idle first.)
      const other = this.inFlight[job.holder]!;
      const waited = now - (job.state === 'sleeping' ? job.deadline : job.readySince);
      if (other.jobs.size > 0 && !other.big && waited <= this.o.lateMs) return false;
    }
    if (this.isBig(job) && this.bigRunning() >= Math.max(1, this.threads - 1)) return false;
    return true;
  }

  private pump(): void {
    if (this.closed) return;
    for (let slot = 0; slot < this.threads; slot++) {
      if (this.engine.isIdle(slot) && this.inFlight[slot]!.jobs.size === 0) this.fill(slot);
    }
    this.arm();
  }

  private fill(slot: number): void {
    const now = performance.now();
    const orders: SliceOrder[] = [];
    let est = 0;
    let big = false;
    const take = (job: Job): boolean => {
      const refusal = job.exempt ? null : (this.guard?.beforeSlice(job.owner, job.label) ?? null);
      if (refusal) {
        this.apply(job, job.onRefused(refusal.reason, refusal.code));
        return false;
      }
      const budget = this.o.quantumMs;
      const order = job.order(slot, budget);
      if (order.open && job.holder !== null && job.holder !== slot) this.forgets[job.holder]!.push(job.handle);
      if (order.open && job.everOpened) this.moves++;
      job.everOpened ||= order.open !== undefined;
      job.holder = slot;
      job.state = 'running';
      job.slot = slot;
      const cost = job.preemptible ? Math.min(job.estimateMs, budget) : job.estimateMs;
      job.charged = cost / 1000;
      this.fair.charge(job.owner, job.charged);
      est += cost;
      if (this.isBig(job)) big = true;
      orders.push(order);
      this.inFlight[slot]!.jobs.add(job.handle);
      return true;
    };

    // 1. paced frames that are due, earliest first
    const aside: Job[] = [];
    for (let job = this.sleepers.peek(); job && job.deadline <= now + this.o.lookaheadMs && est < this.o.batchMs; job = this.sleepers.peek()) {
      this.sleepers.pop();
      if (this.fair.lead(job.owner) > this.o.pacedLeadLimit) {
        // over its share: the frame waits its turn in fair order
        job.state = 'waiting';
        this.apply(job, { state: 'ready' });
        continue;
      }
      if (!this.runnableOn(job, slot, now)) {
        aside.push(job);
        continue;
      }
      take(job);
    }
    for (const job of aside) this.sleepers.push(job);

    // 2. fair share between users: interactive before batch within a user
    while (est < this.o.batchMs && !big) {
      const pick = this.pickFair(slot, now);
      if (!pick) break;
      const { job, list } = pick;
      list.splice(list.indexOf(job), 1);
      if (this.isBig(job) && orders.length > 0) {
        // a big slice goes in a batch of its own
        list.unshift(job);
        break;
      }
      take(job);
    }

    if (orders.length === 0 && this.forgets[slot]!.length === 0 && this.releases[slot]!.length === 0) return;
    this.inFlight[slot]!.big = big;
    const batch: BatchMessage = { type: 'batch', batch: ++this.batchSeq, slices: orders, forget: this.forgets[slot]!, release: this.releases[slot]! };
    this.forgets[slot] = [];
    this.releases[slot] = [];
    if (orders.length === 0) this.inFlight[slot]!.jobs.add(0); // a housekeeping batch: the slot is busy until it is done
    this.engine.send(slot, batch);
  }

  private pickFair(slot: number, now: number): { job: Job; list: Job[] } | undefined {
    const eligible = new Map<string, { job: Job; list: Job[] }>();
    for (const [user, q] of this.users) {
      for (const lane of lanes) {
        const job = q[lane].find((j) => this.runnableOn(j, slot, now));
        if (job) {
          eligible.set(user, { job, list: q[lane] });
          break;
        }
      }
    }
    const user = this.fair.pick(eligible.keys());
    return user === undefined ? undefined : eligible.get(user);
  }

  /** Wake up when the earliest sleeping job is due (if a thread is idle then). */
  private arm(): void {
    const next = this.sleepers.peek();
    if (!next) return;
    const at = next.deadline - this.o.lookaheadMs;
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - performance.now()));
  }
}
