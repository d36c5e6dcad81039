/**
 * One experiment task, run on a worker thread a slice at a time (workers/engine.ts): a fresh network from
 * (kind, resolved config, seed), optionally trained, then run for `spec.steps` steps; returns the model's metrics.
 * Independent of sessions, so a task gives the same numbers whichever thread runs it, and on a rerun.
 */
import { threadId } from 'node:worker_threads';
import { getModel } from '../models/index.js';
import { createRuntime, type RunSpec } from '../engine/simulator.js';
import { RunCursor } from '../engine/run-cursor.js';
import { sharedAlloc } from '../engine/alloc.js';
import { Rng } from '../engine/random/rng.js';
import { releaseState } from '../engine/wasm/heap.js';
import { trainIterator } from '../engine/training.js';
import type { TrainResult } from '../models/contract.js';

export interface ExperimentTask {
  op: 'experiment';
  kind: string;
  /** The resolved config of this grid point (validated on the main thread). */
  config: unknown;
  seed: number;
  /** The train request, parsed by the kind's train schema; trained before the run. */
  train?: unknown;
  spec?: RunSpec;
  maxRunMs: number;
  maxRecordedValues: number;
}

export interface ExperimentTaskResult {
  thread: number;
  /** Run metrics, then training metrics as "train.<name>". */
  metrics: Record<string, unknown>;
  stepsDone: number;
  ms: number;
  /** Set when the wall-time limit stopped the task. */
  timedOut: boolean;
}

/**
 * Where a task stands in time, from the worker that drives it: its busy time so far (the wall-time limit counts
 * only the time it ran, not the time it waited for its next slice) and whether the current slice should end.
 */
export interface TaskClock {
  elapsedMs(): number;
  shouldYield(): boolean;
}

/**
 * The task as a generator: it yields where a slice may end (between training yields, between run slices), so a
 * worker interleaves it with other users' work. However it is sliced it computes the same numbers: the network,
 * training and run are seeded, and a slice boundary is a yield or a step boundary.
 */
export function* experimentTask(task: ExperimentTask, clock: TaskClock): Generator<void, ExperimentTaskResult, undefined> {
  const model = getModel(task.kind);
  if (!model) throw new Error(`unknown model kind ${task.kind}`);
  const runtime = createRuntime(model, task.config, task.seed, sharedAlloc);
  const metrics: Record<string, unknown> = {};
  let timedOut = false;
  let stepsDone = 0;
  const created = runtime.state;
  const overTime = () => (timedOut ||= clock.elapsedMs() > task.maxRunMs);
  try {
    if (task.train !== undefined) {
      if (!model.train) throw new Error(`model kind ${task.kind} has no training`);
      const rng = Rng.fromState(runtime.rngState);
      const iter = trainIterator(
        model.train.run(runtime.state, task.config, task.train, { rng, alloc: sharedAlloc, progress() {}, cancelled: overTime }, runtime.live),
      );
      let result: TrainResult;
      for (;;) {
        const r = iter.next();
        if (r.done) {
          result = r.value;
          break;
        }
        if (clock.shouldYield()) yield;
      }
      if (result.state) runtime.state = result.state;
      runtime.rngState = rng.getState();
      for (const [k, v] of Object.entries(result.metrics)) metrics[`train.${k}`] = v;
    }
    if (task.spec && !timedOut) {
      const cursor = RunCursor.open(model, task.config, runtime, task.spec, { maxRecordedValues: task.maxRecordedValues, alloc: sharedAlloc });
      for (;;) {
        cursor.advance({ shouldYield: () => clock.shouldYield() }, { beforeStep: () => !overTime() });
        if (cursor.finished) break;
        yield;
      }
      stepsDone = cursor.stepsDone;
      const outcome = cursor.finish();
      // Run metrics first (the columns users ask for most), then the training's.
      const trained = { ...metrics };
      for (const k of Object.keys(trained)) delete metrics[k];
      Object.assign(metrics, outcome.metrics, trained);
    }
  } finally {
    releaseState(runtime.state);
    if (created !== runtime.state) releaseState(created);
  }
  return { thread: threadId, metrics, stepsDone, ms: clock.elapsedMs(), timedOut };
}

/** The task in one go (tests, scripts): the same numbers as any slicing. */
export function runExperimentTask(task: ExperimentTask): ExperimentTaskResult {
  const t0 = performance.now();
  const gen = experimentTask(task, { elapsedMs: () => performance.now() - t0, shouldYield: () => false });
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}
