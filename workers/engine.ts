/**
 * The worker engine: the one long-lived piscina task of each pool thread. It holds the jobs the main thread gave it
 * (runs, trainings, experiment tasks) and executes the slices it is sent, a batch at a time, posting each slice's
 * result as soon as it is done (so a thread that dies mid-batch loses at most the slice it was in). Between batches
 * the thread sleeps in its event loop: a paced run waiting for its next frame, a paused run, a queued job cost it
 * nothing. Protocol: src/runs/engine/protocol.ts.
 */
import { threadId, type MessagePort } from 'node:worker_threads';
import { SLOT, type BatchMessage, type FromWorker, type JobOpen, type SliceOrder, type SliceResult, type ToWorker } from '../src/runs/engine/protocol.js';
import { WorkerRun, type SliceControl } from './run-job.js';
import { WorkerExperiment, WorkerTrain, buildSlice, releaseState, type PinnedControl } from './pinned-jobs.js';

export interface EngineTask {
  port: MessagePort;
  /** The slot block (Int32Array over it), see SLOT. */
  slot: SharedArrayBuffer;
}

type HeldJob = WorkerRun | WorkerTrain | WorkerExperiment;

/** Progress of a training is posted at most this often. */
const PROGRESS_EVERY_MS = 50;

class Engine {
  private readonly jobs = new Map<number, HeldJob>();
  private readonly slot: Int32Array;
  private lastProgress = new Map<number, number>();

  constructor(private readonly port: MessagePort, slot: SharedArrayBuffer) {
    this.slot = new Int32Array(slot);
  }

  private post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  batch(msg: BatchMessage): void {
    for (const state of msg.release) releaseState(state);
    for (const h of msg.forget) this.drop(h);
    const skipped: number[] = [];
    for (const order of msg.slices) {
      // The main thread may ask a whole batch to end early (shutdown): the rest goes back to its scheduler.
      if (Atomics.load(this.slot, SLOT.yieldNow) === -1) {
        skipped.push(order.job);
        continue;
      }
      this.execute(msg.batch, order);
    }
    this.post({ type: 'batch-done', batch: msg.batch, skipped });
  }

  private execute(batch: number, order: SliceOrder): void {
    const h = order.job;
    Atomics.store(this.slot, SLOT.current, h);
    const t0 = performance.now();
    const deadline = t0 + order.budgetMs;
    const slot = this.slot;
    const control: PinnedControl = {
      shouldYield: () => performance.now() >= deadline || Atomics.load(slot, SLOT.yieldNow) === h || Atomics.load(slot, SLOT.yieldNow) === -1,
      cancelled: () => Atomics.load(slot, SLOT.cancel) === h,
      progress: (fraction, figures) => this.progress(h, fraction, figures),
      // (a slice that ignores its budget: only the main thread's request to yield ends it early)
      stall: (ms) => {
        const until = performance.now() + ms;
        for (let left = ms; left > 0; left = until - performance.now()) {
          const y = Atomics.load(slot, SLOT.yieldNow);
          if (y === h || y === -1) return;
          Atomics.wait(slot, SLOT.yieldNow, y, left);
        }
      },
    };
    try {
      if (order.open) this.open(h, order.open);
      let out: { result: SliceResult; transfer?: ArrayBuffer[] };
      if (order.open?.type === 'build') {
        out = buildSlice(order.open);
      } else {
        const job = this.jobs.get(h);
        if (!job) throw new Error(`job ${h} is not held by this worker (it was moved or never opened)`);
        out = job.slice(order, control as SliceControl & PinnedControl);
        if (isDone(out.result)) this.drop(h, false);
      }
      this.post({ type: 'slice', batch, job: h, busyMs: performance.now() - t0, result: out.result }, out.transfer ?? []);
    } catch (err) {
      this.drop(h);
      this.post({ type: 'slice', batch, job: h, busyMs: performance.now() - t0, error: (err as Error)?.message ?? String(err) });
    } finally {
      Atomics.store(this.slot, SLOT.current, 0);
      Atomics.add(this.slot, SLOT.slices, 1);
    }
  }

  private open(h: number, o: JobOpen): void {
    this.drop(h);
    if (o.type === 'run') this.jobs.set(h, new WorkerRun(o));
    else if (o.type === 'train') this.jobs.set(h, new WorkerTrain(o));
    else if (o.type === 'experiment') this.jobs.set(h, new WorkerExperiment(o));
  }

  private drop(h: number, close = true): void {
    const job = this.jobs.get(h);
    if (!job) return;
    this.jobs.delete(h);
    this.lastProgress.delete(h);
    if (close && job instanceof WorkerExperiment) job.close();
  }

  private progress(h: number, fraction: number, figures?: Record<string, number>): void {
    const now = performance.now();
    if (fraction < 1 && now - (this.lastProgress.get(h) ?? -Infinity) < PROGRESS_EVERY_MS) return;
    this.lastProgress.set(h, now);
    this.post({ type: 'progress', job: h, fraction, ...(figures ? { figures } : {}) });
  }
}

function isDone(r: SliceResult): boolean {
  switch (r.type) {
    case 'run':
      return r.finished;
    case 'build':
      return true;
    default:
      return r.done;
  }
}

export default function engine(task: EngineTask): Promise<number> {
  const e = new Engine(task.port, task.slot);
  return new Promise((resolve) => {
    task.port.on('message', (msg: ToWorker) => {
      if (msg.type === 'close') {
        task.port.close();
        resolve(0);
        return;
      }
      e.batch(msg);
    });
    task.port.postMessage({ type: 'ready', threadId } satisfies FromWorker);
  });
}
