/**
 * Training the readouts on the paper's memory task (Maass, Natschläger & Markram 2002, §5, Fig. 5/6 setup): every
 * trial is `segments` segments of `segmentMs`, each a jittered piece of one of two 20 Hz Poisson templates; at the
 * trial's end readout k must say which template segment k came from. The liquid is reset before each trial (independent
 * trials), the states x(T) are collected, a ridge readout per segment is fitted on `trainTrials` and scored on fresh
 * `testTrials`. Accuracy falls with the age of the segment (fading memory) but stays above chance 1/templates.
 */
import type { Rng } from '../../engine/random/rng.js';
import type { TrainContext, TrainResult, TrainYield } from '../contract.js';
import type { LsmConfig, LsmLive } from './config.js';
import { beginTrial, trialLengthMs } from './input-spikes.js';
import { resetLiquid, stepLiquid, TRAINED, type LiquidState } from './liquid.js';
import { decide, fitReadout, readFeatures } from './readout.js';
import type { LsmTrainRequest } from './train.js';

export interface MemoryTrialSet {
  /** [trial][n + 1] liquid states at the trial's end. */
  states: Float64Array;
  /** [trial][segment] template indices. */
  labels: Float64Array;
}

/**
 * Run `trials` independent trials and collect x(T) and the labels; yields every 64 steps and after every trial (the
 * slice points of the training). Returns null when cancelled.
 */
export function* collectTrials(
  s: LiquidState,
  c: LsmConfig,
  rng: Rng,
  live: LsmLive,
  trials: number,
  onTrial?: (done: number) => boolean,
): Generator<TrainYield, MemoryTrialSet | null, undefined> {
  if (c.input.type !== 'templates') throw new RangeError('the memory task needs input.type = "templates"');
  const segments = c.input.segments;
  const f = s.n + 1;
  const steps = Math.round(trialLengthMs(c) / c.dt);
  const states = new Float64Array(trials * f);
  const labels = new Float64Array(trials * segments);
  for (let tr = 0; tr < trials; tr++) {
    resetLiquid(s, c, rng);
    beginTrial(s, c, rng);
    for (let i = 0; i < steps; i++) {
      stepLiquid(s, c, rng, live, i * c.dt, null);
      if ((i & 63) === 63) yield;
    }
    readFeatures(s, c, states, tr * f);
    for (let seg = 0; seg < segments; seg++) labels[tr * segments + seg] = s.labels[seg]!;
    if (onTrial && !onTrial(tr + 1)) return null;
    yield;
  }
  return { states, labels };
}

/** Fraction of trials each readout classifies right. */
export function accuracyBySegment(set: MemoryTrialSet, weights: Float64Array, features: number, segments: number, classes: number): number[] {
  const trials = set.states.length / features;
  const correct = new Array<number>(segments).fill(0);
  for (let tr = 0; tr < trials; tr++) {
    for (let seg = 0; seg < segments; seg++) {
      let y = 0;
      for (let j = 0; j < features; j++) y += weights[seg * features + j]! * set.states[tr * features + j]!;
      if (decide(y, classes) === set.labels[tr * segments + seg]) correct[seg]!++;
    }
  }
  return correct.map((k) => k / trials);
}

export function* trainMemory(
  s: LiquidState & { readoutW: Float64Array },
  c: LsmConfig,
  request: LsmTrainRequest,
  ctx: TrainContext,
  live: LsmLive,
): Generator<TrainYield, TrainResult, undefined> {
  if (c.input.type !== 'templates') throw new RangeError('the memory task needs input.type = "templates" (config.input)');
  const segments = c.input.segments;
  if (c.readouts !== segments) throw new RangeError(`the memory task needs one readout per segment: readouts = ${c.readouts}, segments = ${segments}`);
  const total = request.trainTrials + request.testTrials;
  const progress = (done: number): boolean => {
    if (done % 20 === 0) ctx.progress(done / total);
    return !ctx.cancelled();
  };
  const train = yield* collectTrials(s, c, ctx.rng, live, request.trainTrials, progress);
  if (!train) return { metrics: { cancelled: true } };
  const test = yield* collectTrials(s, c, ctx.rng, live, request.testTrials, (d) => progress(request.trainTrials + d));
  if (!test) return { metrics: { cancelled: true } };
  const f = s.n + 1;
  const fit = fitReadout(train.states, request.trainTrials, f, train.labels, segments, request.ridge);
  s.readoutW.set(fit.weights);
  s.counters[TRAINED] = 1;
  const classes = c.input.templates;
  const trainAccuracy = accuracyBySegment(train, fit.weights, f, segments, classes);
  const testAccuracy = accuracyBySegment(test, fit.weights, f, segments, classes);
  // Mean firing rate over the collected end states: x_i ≈ rate_i·τ for a slowly varying rate.
  let traceSum = 0;
  for (let tr = 0; tr < request.trainTrials; tr++) for (let i = 0; i < s.n; i++) traceSum += train.states[tr * f + i]!;
  const meanRateHz = (traceSum / (request.trainTrials * s.n) / c.readoutTau) * 1000;
  ctx.progress(1);
  return {
    metrics: {
      trainAccuracy,
      testAccuracy,
      chance: 1 / classes,
      meanRateHz,
      conditionEstimate: fit.conditionEstimate,
      trainTrials: request.trainTrials,
      testTrials: request.testTrials,
    },
    curves: { testAccuracyBySegment: testAccuracy, trainAccuracyBySegment: trainAccuracy },
  };
}
