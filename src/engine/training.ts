/**
 * Driving a training a slice at a time.
 *
 * A kind's `train.run` returns either its result (a synchronous training) or a generator that yields where a slice
 * may end (see `TrainRun` in src/models/contract.ts). `driveTraining` advances such a generator until it finishes or
 * its slice's time budget is spent, so a worker can interleave a long training with other jobs; `runToEnd` drives it
 * in one go (tests, benchmarks, experiment tasks). The generator owns all of the training's progress, so how it is
 * sliced never changes a bit of the result: slice boundaries only decide when control returns to the caller.
 */
import type { TrainResult, TrainRun, TrainYield } from '../models/contract.js';

export type TrainIterator = Iterator<TrainYield, TrainResult, undefined>;

/** True when `run` is a training still to be driven (a generator), not a finished result. */
export function isTrainIterator(run: TrainRun): run is TrainIterator {
  return typeof (run as { next?: unknown }).next === 'function';
}

/** The training as an iterator: a synchronous result becomes an iterator that finishes on its first step. */
export function trainIterator(run: TrainRun): TrainIterator {
  if (isTrainIterator(run)) return run;
  let taken = false;
  return {
    next: () => {
      if (taken) throw new Error('this training has already finished');
      taken = true;
      return { done: true, value: run };
    },
  };
}

export type SliceOutcome = { done: true; result: TrainResult; yields: number } | { done: false; yields: number };

/**
 * Advance a training until it finishes or `budgetMs` of wall time has passed (checked at each yield; at least one
 * step is always taken, so a budget of 0 advances exactly one yield), or after `maxYields` yields. Errors thrown by
 * the training propagate: the job fails.
 */
export function driveTraining(iter: TrainIterator, budgetMs: number, maxYields = Infinity, now: () => number = performance.now.bind(performance)): SliceOutcome {
  const t0 = now();
  let yields = 0;
  for (;;) {
    const r = iter.next();
    if (r.done) return { done: true, result: r.value, yields };
    yields++;
    if (yields >= maxYields || now() - t0 >= budgetMs) return { done: false, yields };
  }
}

/** Drive a training to its end in one go and return its result. */
export function runToEnd(run: TrainRun): TrainResult {
  const iter = trainIterator(run);
  for (;;) {
    const r = iter.next();
    if (r.done) return r.value;
  }
}
