/**
 * Training the readouts on the user's own spike trains: each trial is a list of spike times per input channel and
 * the target values of the readouts at the trial's end. The liquid is reset before each trial, run for `durationMs`,
 * and its state x(T) (τ = 30 ms filtered spike trains, plus a bias) is regressed on the targets by ridge regression
 * (Maass, Natschläger & Markram 2002, §3: the readout is memoryless and only it is trained).
 */
import type { TrainContext, TrainResult, TrainYield } from '../contract.js';
import type { LsmConfig, LsmLive } from './config.js';
import { resetLiquid, stepLiquid, TRAINED, type LiquidState, type TrialSpikes } from './liquid.js';
import { fitReadout, readFeatures } from './readout.js';
import type { LsmTrainRequest } from './train.js';

type Trial = { times: number[][]; target: number[] };

/** One trial's spike times as a step schedule (sorted per channel). */
function toSchedule(trial: Trial, channels: number): TrialSpikes {
  const cap = Math.max(1, ...trial.times.map((ts) => ts.length));
  const trialTimes = new Float64Array(channels * cap);
  const trialCount = new Int32Array(channels);
  trial.times.forEach((ts, ch) => {
    trialTimes.set([...ts].sort((a, b) => a - b), ch * cap);
    trialCount[ch] = ts.length;
  });
  return { trialTimes, trialCount, trialPtr: new Int32Array(channels), trialCap: cap };
}

/** Mean squared error and R² (1 − MSE/variance of the targets) per readout. */
function scores(pred: Float64Array, y: Float64Array, rows: number, outputs: number) {
  const mse: number[] = [];
  const r2: number[] = [];
  for (let o = 0; o < outputs; o++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += y[r * outputs + o]! / rows;
    let se = 0;
    let sv = 0;
    for (let r = 0; r < rows; r++) {
      se += (pred[r * outputs + o]! - y[r * outputs + o]!) ** 2;
      sv += (y[r * outputs + o]! - mean) ** 2;
    }
    mse.push(se / rows);
    r2.push(sv > 0 ? 1 - se / sv : se === 0 ? 1 : 0);
  }
  return { mse, r2 };
}

/** A generator: it yields every 64 steps and after every trial (the slice points of the training). */
export function* trainOnTrials(
  s: LiquidState & { readoutW: Float64Array },
  c: LsmConfig,
  request: LsmTrainRequest,
  ctx: TrainContext,
  live: LsmLive,
): Generator<TrainYield, TrainResult, undefined> {
  const trials = request.trials ?? [];
  trials.forEach((t, i) => {
    if (t.times.length !== c.inputs) throw new RangeError(`trials[${i}].times needs ${c.inputs} lists (one per input channel), got ${t.times.length}`);
    if (t.target.length !== c.readouts) throw new RangeError(`trials[${i}].target needs ${c.readouts} values (one per readout), got ${t.target.length}`);
  });
  const latest = Math.max(0, ...trials.flatMap((t) => t.times.flat()));
  const duration = request.durationMs ?? latest + 1;
  const steps = Math.max(1, Math.round(duration / c.dt));
  const f = s.n + 1;
  const outputs = c.readouts;
  const x = new Float64Array(trials.length * f);
  const y = new Float64Array(trials.length * outputs);
  for (let tr = 0; tr < trials.length; tr++) {
    const schedule = toSchedule(trials[tr]!, c.inputs);
    resetLiquid(s, c, ctx.rng);
    for (let i = 0; i < steps; i++) {
      stepLiquid(s, c, ctx.rng, live, i * c.dt, null, schedule);
      if ((i & 63) === 63) yield;
    }
    readFeatures(s, c, x, tr * f);
    y.set(trials[tr]!.target, tr * outputs);
    if (tr % 10 === 0) ctx.progress(tr / trials.length);
    if (ctx.cancelled()) return { metrics: { cancelled: true } };
    yield;
  }
  // The last testFraction of the trials are held out (in the user's order).
  const nTest = Math.min(trials.length - 1, Math.floor(request.testFraction * trials.length));
  const nTrain = trials.length - nTest;
  const fit = fitReadout(x.subarray(0, nTrain * f), nTrain, f, y.subarray(0, nTrain * outputs), outputs, request.ridge);
  s.readoutW.set(fit.weights);
  s.counters[TRAINED] = 1;
  const predict = (from: number, rows: number) => {
    const out = new Float64Array(rows * outputs);
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < outputs; o++) {
        let acc = 0;
        for (let j = 0; j < f; j++) acc += fit.weights[o * f + j]! * x[(from + r) * f + j]!;
        out[r * outputs + o] = acc;
      }
    }
    return out;
  };
  const train = scores(predict(0, nTrain), y.subarray(0, nTrain * outputs), nTrain, outputs);
  const test = nTest > 0 ? scores(predict(nTrain, nTest), y.subarray(nTrain * outputs), nTest, outputs) : null;
  ctx.progress(1);
  return {
    metrics: {
      trainMse: train.mse,
      trainR2: train.r2,
      testMse: test ? test.mse : null,
      testR2: test ? test.r2 : null,
      trainTrials: nTrain,
      testTrials: nTest,
      durationMs: duration,
      conditionEstimate: fit.conditionEstimate,
    },
  };
}
