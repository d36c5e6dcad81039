/**
 * The pool threads, each running one long-lived engine task (workers/engine.ts) with its own MessagePort and slot
 * block. piscina stays the thread pool (it starts the threads, gives each the process's WebAssembly memory, and
 * replaces a thread that dies); this class keeps one engine task on every thread, sends batches, routes the
 * engine's messages, and turns a thread's death into "this job failed, these orders were not done" for the
 * scheduler, then starts a new engine task on the replacement thread.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { wasmWorkerData } from '../../engine/wasm/heap.js';
import { SLOT, SLOT_INTS, type BatchMessage, type FromWorker, type ProgressMessage, type SliceMessage } from './protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/workers/engine.js, whether this file runs from src/ (tests) or from dist/src/ (the built server). */
export function engineFile(): string {
  const fromDist = path.resolve(here, '../../../workers/engine.js');
  if (here.includes(`${path.sep}dist${path.sep}`) && existsSync(fromDist)) return fromDist;
  const built = path.resolve(here, '../../..', 'dist', 'workers', 'engine.js');
  if (!existsSync(built)) throw new Error(`worker bundle missing at ${built}: run "npm run build" first`);
  return built;
}

export interface EngineEvents {
  onReady(slot: number): void;
  onSlice(slot: number, msg: SliceMessage): void;
  onProgress(slot: number, msg: ProgressMessage): void;
  /** A batch ended; `skipped` orders were not executed (the batch was asked to end early). */
  onBatchDone(slot: number, batch: number, skipped: number[]): void;
  /**
   * The thread died. `executing` is the job whose slice was running (0: none); `unanswered` the other orders of its
   * batch that got no result (never executed). The slot restarts on a new thread by itself.
   */
  onDeath(slot: number, info: { executing: number; unanswered: number[]; error: Error }): void;
}

export interface EngineOptions {
  threads: number;
  /** V8 heap limit of each worker thread (MB): a thread that runs out dies alone (ERR_WORKER_OUT_OF_MEMORY). */
  workerHeapMb: number;
}

class Slot {
  port: MessagePort | null = null;
  block = new Int32Array(new SharedArrayBuffer(SLOT_INTS * 4));
  ready = false;
  threadId = -1;
  batch: { id: number; orders: number[]; answered: Set<number> } | null = null;
  generation = 0;
  constructor(readonly index: number) {}
}

export class EnginePool {
  readonly pool: Piscina;
  private readonly slots: Slot[];
  private closing = false;
  private readonly tasks = new Set<Promise<unknown>>();
  /** Thread deaths since start (metrics). */
  deaths = 0;

  constructor(
    private readonly opts: EngineOptions,
    private readonly events: EngineEvents,
  ) {
    this.pool = new Piscina({
      filename: engineFile(),
      minThreads: opts.threads,
      maxThreads: opts.threads,
      concurrentTasksPerWorker: 1,
      // engine tasks never end while the server runs; the threads must never be reaped
      idleTimeout: 2 ** 31 - 1,
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: opts.workerHeapMb },
      // Every thread shares the process's WebAssembly memory, where model state lives: kernels read it in place.
      workerData: wasmWorkerData(),
    });
    this.slots = Array.from({ length: opts.threads }, (_, i) => new Slot(i));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Start an engine task on every thread; resolves when all are ready. */
  async start(): Promise<void> {
    const ready = this.slots.map((s) => new Promise<void>((resolve) => this.startSlot(s, resolve)));
    await Promise.all(ready);
  }

  isReady(slot: number): boolean {
    return this.slots[slot]!.ready;
  }

  isIdle(slot: number): boolean {
    const s = this.slots[slot]!;
    return s.ready && s.batch === null;
  }

  /** Threads executing a batch now. */
  busyThreads(): number {
    return this.slots.filter((s) => s.batch !== null).length;
  }

  send(slot: number, batch: BatchMessage): void {
    const s = this.slots[slot]!;
    if (!s.ready || s.batch || !s.port) throw new Error(`engine slot ${slot} cannot take a batch now`);
    s.batch = { id: batch.batch, orders: batch.slices.map((o) => o.job), answered: new Set() };
    s.port.postMessage(batch);
  }

  /** Ask the job executing on `slot` (if it is `job`) to end its slice at its next step. */
  requestYield(slot: number, job: number): void {
    const b = this.slots[slot]!.block;
    Atomics.store(b, SLOT.yieldNow, job);
    Atomics.notify(b, SLOT.yieldNow);
  }

  /** A training's stop: its ctx.cancelled() turns true, even inside one long synchronous slice. */
  requestCancel(slot: number, job: number): void {
    Atomics.store(this.slots[slot]!.block, SLOT.cancel, job);
  }

  /** End every slice now and skip the rest of every batch (shutdown). */
  yieldAll(): void {
    for (const s of this.slots) {
      Atomics.store(s.block, SLOT.yieldNow, -1);
      Atomics.notify(s.block, SLOT.yieldNow);
    }
  }

  /** The job a slot is executing right now (0: none). */
  executing(slot: number): number {
    return Atomics.load(this.slots[slot]!.block, SLOT.current);
  }

  /** End a thread that will not yield (a non-preemptible slice past its limit): its job fails, the thread is replaced. */
  async terminate(slot: number): Promise<void> {
    const s = this.slots[slot]!;
    const worker = this.pool.threads.find((w) => w.threadId === s.threadId);
    if (worker) await worker.terminate();
  }

  /** Stop the engines (after their batches end) and the pool. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    for (const s of this.slots) s.port?.postMessage({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.tasks]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await this.pool.destroy();
  }

  private startSlot(s: Slot, onReady?: () => void): void {
    const { port1, port2 } = new MessageChannel();
    s.generation++;
    const generation = s.generation;
    s.port = port1;
    s.block = new Int32Array(new SharedArrayBuffer(SLOT_INTS * 4));
    s.ready = false;
    s.batch = null;
    port1.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') {
        s.ready = true;
        s.threadId = msg.threadId;
        onReady?.();
        this.events.onReady(s.index);
        return;
      }
      this.route(s, msg);
    });
    const task = this.pool.run({ port: port2, slot: s.block.buffer }, { transferList: [port2] as never });
    this.tasks.add(task);
    task.then(
      () => this.ended(s, generation, new Error('the worker engine stopped')),
      (err: unknown) => this.ended(s, generation, err instanceof Error ? err : new Error(String(err))),
    ).finally(() => this.tasks.delete(task));
  }

  private route(s: Slot, msg: FromWorker): void {
    switch (msg.type) {
      case 'slice':
        s.batch?.answered.add(msg.job);
        this.events.onSlice(s.index, msg);
        break;
      case 'progress':
        this.events.onProgress(s.index, msg);
        break;
      case 'batch-done':
        if (s.batch && s.batch.id === msg.batch) s.batch = null;
        this.events.onBatchDone(s.index, msg.batch, msg.skipped);
        break;
    }
  }

  /** The engine task ended: on shutdown that is expected; otherwise its thread died. */
  private ended(s: Slot, generation: number, error: Error): void {
    if (generation !== s.generation) return;
    const port = s.port;
    // Messages the thread posted before it died are still queued on our end: take them first, in order.
    if (port) {
      let m: { message: FromWorker } | undefined;
      while ((m = receiveMessageOnPort(port) as { message: FromWorker } | undefined)) if (m.message.type !== 'ready') this.route(s, m.message);
      port.removeAllListeners();
      port.close();
    }
    s.port = null;
    s.ready = false;
    if (this.closing) return;
    this.deaths++;
    const batch = s.batch;
    s.batch = null;
    const current = Atomics.load(s.block, SLOT.current);
    const executing = batch && current !== 0 && !batch.answered.has(current) ? current : 0;
    const unanswered = batch ? batch.orders.filter((j) => !batch.answered.has(j) && j !== executing) : [];
    this.events.onDeath(s.index, { executing, unanswered, error });
    this.startSlot(s);
  }
}
