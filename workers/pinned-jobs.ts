/**
 * Jobs that live on the worker that starts them, because their progress is a generator in this thread's memory: a
 * session's training (`train.run` may return a generator; a synchronous one is one long slice) and an experiment
 * task (fresh network, training, run). Each slice drives the generator until the slice's budget is spent or the
 * main thread asks it to yield; the generator keeps all its progress, so slicing never changes a bit. Builds are
 * one slice (a network's `create` has no pause points).
 */
import { getModel } from '../src/models/index.js';
import { createRuntime, type Runtime } from '../src/engine/simulator.js';
import { sharedAlloc } from '../src/engine/alloc.js';
import { Rng } from '../src/engine/random/rng.js';
import { releaseState } from '../src/engine/wasm/heap.js';
import { trainIterator, type TrainIterator } from '../src/engine/training.js';
import { experimentTask } from '../src/experiments/task.js';
import type { ExperimentTaskResult } from '../src/experiments/task.js';
import type {
  BuildOpen,
  BuildSliceResult,
  ExperimentOpen,
  ExperimentSliceResult,
  SliceOrder,
  TrainOpen,
  TrainSliceResult,
} from '../src/runs/engine/protocol.js';
import type { SliceControl } from './run-job.js';

export interface PinnedControl extends SliceControl {
  /** The user stopped the job (a training returns early with what it has). */
  cancelled(): boolean;
  /** Report a training's progress (throttled by the engine). */
  progress(fraction: number, figures?: Record<string, number>): void;
}

export class WorkerTrain {
  private iter: TrainIterator | null = null;
  private readonly rng: Rng;
  private cancelRequested = false;
  private control: PinnedControl | null = null;
  private readonly runtime: Runtime;

  constructor(private readonly o: TrainOpen) {
    this.runtime = o.runtime;
    this.rng = Rng.fromState(o.runtime.rngState);
  }

  slice(order: SliceOrder, control: PinnedControl): { result: TrainSliceResult } {
    this.control = control;
    if (order.cancel) this.cancelRequested = true;
    const { o, runtime } = this;
    if (!this.iter) {
      const model = getModel(o.kind);
      if (!model?.train) throw new Error(`model kind ${o.kind} has no training`);
      this.iter = trainIterator(
        model.train.run(
          runtime.state,
          o.config,
          o.request,
          {
            rng: this.rng,
            alloc: sharedAlloc,
            progress: (fraction, figures) => this.control?.progress(fraction, figures),
            cancelled: () => this.cancelRequested || (this.control?.cancelled() ?? false),
          },
          runtime.live,
        ),
      );
    }
    for (;;) {
      const r = this.iter.next();
      if (r.done) {
        const { state, ...rest } = r.value;
        if (state) runtime.state = state;
        runtime.rngState = this.rng.getState();
        return { result: { type: 'train', done: true, result: rest, runtime, cancelled: this.cancelRequested || control.cancelled() } };
      }
      if (control.shouldYield()) return { result: { type: 'train', done: false } };
    }
  }
}

export class WorkerExperiment {
  private readonly gen: Generator<void, ExperimentTaskResult, undefined>;
  private busyMs = 0;
  private sliceStart = 0;
  private control: SliceControl | null = null;

  constructor(o: ExperimentOpen) {
    this.gen = experimentTask(o.task, {
      elapsedMs: () => this.busyMs + (performance.now() - this.sliceStart),
      shouldYield: () => this.control?.shouldYield() ?? false,
    });
  }

  slice(_order: SliceOrder, control: SliceControl): { result: ExperimentSliceResult } {
    this.control = control;
    this.sliceStart = performance.now();
    try {
      const r = this.gen.next();
      return { result: r.done ? { type: 'experiment', done: true, result: r.value } : { type: 'experiment', done: false } };
    } finally {
      this.busyMs += performance.now() - this.sliceStart;
      this.control = null;
    }
  }

  /** Abandoned (the experiment was cancelled): the generator's `finally` gives the network's memory back. */
  close(): void {
    this.gen.return(undefined as never);
  }
}

export function buildSlice(o: BuildOpen): { result: BuildSliceResult } {
  const model = getModel(o.kind);
  if (!model) throw new Error(`unknown model kind ${o.kind}`);
  return { result: { type: 'build', runtime: createRuntime(model, o.config, o.seed, sharedAlloc) } };
}

export { releaseState };
