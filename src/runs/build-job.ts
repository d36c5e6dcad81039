/**
 * Building a network (session create, config change, reset) is a job like any other: one slice on a pool thread,
 * in fair order for its owner, with the time its cost estimate gives. A big build cannot be cut, so it may hold at
 * most threads − 1 threads and a small one, from anyone, still finds a thread: a 5-unit session is not kept waiting
 * behind a 4,000-unit reservoir. A build not yet started is cancelled by its AbortSignal (the client went away, the
 * server is stopping); one that has started finishes and its memory is given back.
 */
import { getModel } from '../models/index.js';
import type { Runtime } from '../engine/simulator.js';
import { AppError } from '../errors.js';
import type { BuildSliceResult, SliceMessage, SliceOrder } from './engine/protocol.js';
import { Job, type JobNext } from './scheduler/job.js';
import type { Scheduler } from './scheduler/scheduler.js';
import { CostModel } from './cost-model.js';

class BuildJob extends Job {
  readonly lane = 'interactive' as const;
  readonly label: string;
  private t0 = 0;

  constructor(
    readonly owner: string,
    private readonly kind: string,
    private readonly config: unknown,
    private readonly seed: number,
    estimateMs: number,
    private readonly settle: (err: Error | null, runtime?: Runtime, busyMs?: number) => void,
  ) {
    super();
    this.label = `build:${kind}`;
    this.estimateMs = estimateMs;
  }

  override get preemptible(): boolean {
    return false;
  }

  order(): SliceOrder {
    this.t0 = performance.now();
    return { job: this.handle, budgetMs: Infinity, open: { type: 'build', kind: this.kind, config: this.config, seed: this.seed } };
  }

  onSlice(msg: SliceMessage): JobNext {
    if (msg.error !== undefined || !msg.result || msg.result.type !== 'build') this.settle(new Error(`could not build the network: ${msg.error ?? 'no result'}`));
    else this.settle(null, (msg.result as BuildSliceResult).runtime, msg.busyMs);
    return { state: 'done' };
  }

  onLost(error: Error): void {
    this.settle(new AppError('RNN_ERR_WORKER_DIED', 500, `the worker thread building this network died (${error.message})`));
  }

  onRefused(reason: string, code: string): JobNext {
    this.settle(new AppError(code, 429, reason));
    return { state: 'done' };
  }
}

export class Builder {
  readonly costs = new CostModel();

  constructor(
    private readonly scheduler: Scheduler,
    /** Give back a runtime nobody will use (its build finished after it was cancelled). */
    private readonly release: (state: unknown) => void,
  ) {}

  /** Build (kind, config, seed) for `owner` on the pool. */
  build(kind: string, config: unknown, seed: number, owner: string, signal?: AbortSignal): Promise<Runtime> {
    const model = getModel(kind);
    if (!model) return Promise.reject(new Error(`unknown model kind ${kind}`));
    const estimate = this.costs.buildMs(model, config);
    const raw = this.costs.rawBuildMs(model, config);
    return new Promise<Runtime>((resolve, reject) => {
      let settled = false;
      let aborted = false;
      const cancelled = () => new AppError('RNN_ERR_CANCELLED', 499, 'the build was cancelled');
      const job = new BuildJob(owner, kind, config, seed, estimate, (err, runtime, busyMs) => {
        signal?.removeEventListener('abort', onAbort);
        if (busyMs !== undefined) this.costs.learn(`build:${kind}`, raw, busyMs);
        if (aborted && runtime) this.release(runtime.state);
        if (settled) return;
        settled = true;
        if (aborted) reject(cancelled());
        else if (err) reject(err);
        else resolve(runtime!);
      });
      const onAbort = () => {
        aborted = true;
        // a build that started finishes (it cannot be cut); its memory is released when it does
        if (settled || job.state === 'running') return;
        this.scheduler.remove(job);
        settled = true;
        reject(cancelled());
      };
      if (signal?.aborted) {
        reject(new AppError('RNN_ERR_CANCELLED', 499, 'the build was cancelled'));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.scheduler.add(job, { state: 'ready' });
    });
  }
}
