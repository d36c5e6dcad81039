/**
 * One experiment task, run on a worker thread (workers/simulate.ts, `op: 'experiment'`): a fresh network from
 * (kind, resolved config, seed), optionally trained, then run for `spec.steps` steps; returns the model's metrics.
 * Independent of sessions, so a task gives the same numbers whichever thread runs it, and on a rerun.
 */
import { threadId } from 'node:worker_threads';
import { getModel } from '../models/index.js';
import { createRuntime, runSimulation, type RunSpec } from '../engine/simulator.js';
import { sharedAlloc } from '../engine/alloc.js';
import { Rng } from '../engine/random/rng.js';
import { releaseState } from '../engine/wasm/heap.js';
import { runToEnd } from '../engine/training.js';

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

export function runExperimentTask(task: ExperimentTask): ExperimentTaskResult {
  const t0 = performance.now();
  const model = getModel(task.kind);
  if (!model) throw new Error(`unknown model kind ${task.kind}`);
  const runtime = createRuntime(model, task.config, task.seed, sharedAlloc);
  const metrics: Record<string, unknown> = {};
  let timedOut = false;
  let stepsDone = 0;
  const created = runtime.state;
  try {
    if (task.train !== undefined) {
      if (!model.train) throw new Error(`model kind ${task.kind} has no training`);
      const rng = Rng.fromState(runtime.rngState);
      const result = runToEnd(model.train.run(
        runtime.state,
        task.config,
        task.train,
        {
          rng,
          alloc: sharedAlloc,
          progress() {},
          cancelled() {
            if (performance.now() - t0 > task.maxRunMs) timedOut = true;
            return timedOut;
          },
        },
        runtime.live,
      ));
      if (result.state) runtime.state = result.state;
      runtime.rngState = rng.getState();
      for (const [k, v] of Object.entries(result.metrics)) metrics[`train.${k}`] = v;
    }
    if (task.spec && !timedOut) {
      const outcome = runSimulation(model, task.config, runtime, task.spec, {
        beforeStep() {
          if (performance.now() - t0 > task.maxRunMs) {
            timedOut = true;
            return false;
          }
          return true;
        },
        maxRecordedValues: task.maxRecordedValues,
      });
      stepsDone = outcome.stepsDone;
      // Run metrics first (the columns users ask for most), then the training's.
      const trained = { ...metrics };
      for (const k of Object.keys(trained)) delete metrics[k];
      Object.assign(metrics, outcome.metrics, trained);
    }
  } finally {
    releaseState(runtime.state);
    if (created !== runtime.state) releaseState(created);
  }
  return { thread: threadId, metrics, stepsDone, ms: performance.now() - t0, timedOut };
}
