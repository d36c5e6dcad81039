/**
 * `POST /sessions/{id}/train` for the ESN: generate a task in process (or take the user's series), harvest states,
 * fit the ridge readout, test, and leave the network ready to run (free-running for generative tasks).
 *
 * Tasks:
 * - mackey-glass: Jaeger 2001 §6. Generative: d(n) = tanh(MG(n) − 1), fed back (teacher forcing) through W_fb, or as
 *   the input when there is no feedback (ReservoirPy style). Test: `trials` times, teacher-force a fresh stretch for
 *   `testWashout` steps, run free `horizon` steps, compare in original coordinates: NRMSE84 =
 *   sqrt(Σ_trials (y(84) − ŷ(84))² / (trials·σ²)).
 * - sine: generate a sum of sines from feedback alone (Jaeger 2001 §4 "tuneable sine generator" style).
 * - narma10: driven, one-step NARMA-10 system identification (Jaeger 2003).
 * - memory: memory capacity MC = Σ_k r²(u(n − k), y_k(n)) (Jaeger 2001b), one readout per delay k.
 * - echo-state: two copies from different initial states under the same input; the echo state property holds when
 *   their distance goes to 0 (Jaeger 2001 Def. 1; Yildiz, Jaeger & Kiebel 2012).
 * - reverse: sounds versus their time-reversed twins (src/stimuli/forward-reversed.ts): same content, different order.
 * - series: the user's own inputs/targets (driven), or one series to generate (generative).
 */
import { z } from 'zod';
import { allocFloat, floatLike } from '../../engine/precision.js';
import { Rng } from '../../engine/random/rng.js';
import { forwardReversedSchema, forwardReversedSet } from '../../stimuli/forward-reversed.js';
import { spectrogramGridSchema } from '../../stimuli/spectrogram.js';
import type { TrainContext, TrainResult } from '../contract.js';
import { leakGain, type EsnConfig, type EsnLive } from './config.js';
import { fitReadout, freeRun, harvest, type Sequence } from './harvest.js';
import { mackeyGlass, squashMG, unsquashMG } from './mackey-glass.js';
import { errorFigures, featureCount, squaredCorrelation, variance, writeFeatures, type RidgeSettings } from './readout.js';
import { readOutput, updateReservoir, type EsnState } from './reservoir.js';
import { narma10, sumOfSines, uniformSeries } from './signals.js';

const readoutOverride = z
  .object({
    lambda: z.number().min(0).max(1e6).optional().describe('Ridge λ (default: config.readout.lambda)'),
    solver: z.enum(['cholesky', 'qr']).optional().describe('Solver (default: config.readout.solver)'),
    trainingNoise: z.number().min(0).max(1).optional().describe('State noise while harvesting (default: config.readout.trainingNoise)'),
  })
  .default({})
  .describe('Override the configured readout fit for this training');

const common = {
  washout: z.number().int().min(0).max(100_000).default(100).describe('Initial steps discarded before collecting states'),
  readout: readoutOverride,
  seed: z.number().int().min(0).max(2 ** 52).optional().describe('Seed of the task data (default: drawn from the session generator)'),
};

export const esnTrainSchema = z.discriminatedUnion('task', [
  z.object({
    task: z.literal('mackey-glass'),
    tau: z.number().min(1).max(200).default(17).describe('Delay τ of the Mackey-Glass equation (17: mildly chaotic; 30: harder)'),
    steps: z.number().int().min(10).max(200_000).default(3000).describe('Training steps (samples, one per time unit)'),
    ...common,
    washout: z.number().int().min(0).max(100_000).default(1000).describe('Initial steps discarded (Jaeger 2001: 1000 of 3000)'),
    trials: z.number().int().min(0).max(200).default(20).describe('Free-running test trials (NRMSE84 over them)'),
    horizon: z.number().int().min(1).max(10_000).default(84).describe('Steps of free running per trial; the error is taken at this step'),
    testWashout: z.number().int().min(0).max(10_000).default(500).describe('Teacher-forced steps before each test trial'),
    continuation: z.number().int().min(0).max(100_000).default(2000).describe('Steps of the true continuation kept for the next runs\' metrics'),
    forecast: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(0)
      .describe('0: generative (free running, Jaeger); h > 0: driven h-step-ahead forecast, input d(n) → target d(n + h) (ReservoirPy tutorial)'),
    scaling: z
      .enum(['tanh', 'minmax'])
      .default('tanh')
      .describe('Network coordinates: tanh(y − 1) (Jaeger) or min–max to [−1, 1] (ReservoirPy)'),
    testSteps: z.number().int().min(10).max(100_000).default(500).describe('Forecast mode: test steps after training'),
  }),
  z.object({
    task: z.literal('sine'),
    periods: z.array(z.number().min(2).max(10_000)).min(1).max(10).default([20]).describe('Periods of the sines (steps)'),
    amplitudes: z.array(z.number().min(0).max(1)).max(10).default([0.5]).describe('Amplitudes (sum should stay below 1 for tanh)'),
    steps: z.number().int().min(10).max(200_000).default(3000).describe('Training steps'),
    ...common,
    testSteps: z.number().int().min(1).max(100_000).default(500).describe('Free-running test steps'),
  }),
  z.object({
    task: z.literal('narma10'),
    steps: z.number().int().min(10).max(200_000).default(4000).describe('Training steps'),
    testSteps: z.number().int().min(10).max(100_000).default(1000).describe('Test steps (fresh input)'),
    ...common,
  }),
  z.object({
    task: z.literal('memory'),
    maxDelay: z.number().int().min(1).max(1000).default(40).describe('Largest delay k; one readout per delay 1…k'),
    steps: z.number().int().min(10).max(200_000).default(5000).describe('Training steps'),
    testSteps: z.number().int().min(10).max(100_000).default(2000).describe('Test steps (fresh input)'),
    inputRange: z.number().positive().max(10).default(0.8).describe('Input u ~ U[−r, r] i.i.d. (Jaeger 2001b: 0.8)'),
    ...common,
  }),
  z.object({
    task: z.literal('echo-state'),
    steps: z.number().int().min(1).max(100_000).default(1000).describe('Steps both copies are driven'),
    inputAmplitude: z.number().min(0).max(100).default(1).describe('Shared input u ~ U[−A, A] on every channel'),
    initialSpread: z.number().positive().max(100).default(1).describe('Initial states x ~ U[−s, s], independently per copy'),
    tolerance: z.number().positive().max(1).default(1e-6).describe('The property holds when the final distance / initial distance is below this'),
    seed: common.seed,
  }),
  z.object({
    task: z.literal('reverse'),
    grid: spectrogramGridSchema.default({ channels: 32, binMs: 5, lowHz: 250, highHz: 8000 }).describe('Spectrogram grid: channels must equal config.inputs'),
    stimulus: forwardReversedSchema.default(forwardReversedSchema.parse({})).describe('The forward-versus-reversed task'),
    readout: readoutOverride,
    seed: common.seed,
  }),
  z.object({
    task: z.literal('series'),
    inputs: z.array(z.array(z.number())).max(200_000).optional().describe('T × K inputs (driven); omit for a generative series'),
    targets: z.array(z.array(z.number())).min(2).max(200_000).describe('T × L desired outputs (L = config.outputs)'),
    testFraction: z.number().min(0).max(0.9).default(0.2).describe('Last fraction of the series held out for testing'),
    ...common,
  }),
]);
export type EsnTrainRequest = z.infer<typeof esnTrainSchema>;

type Metrics = TrainResult['metrics'];

function settings(c: EsnConfig, o: { lambda?: number | undefined; solver?: 'cholesky' | 'qr' | undefined; trainingNoise?: number | undefined }): RidgeSettings {
  return { lambda: o.lambda ?? c.readout.lambda, solver: o.solver ?? c.readout.solver, trainingNoise: o.trainingNoise ?? c.readout.trainingNoise };
}

/** Change the number of readouts (memory task): new W_out and y arrays. */
function setOutputs(s: EsnState, c: EsnConfig, l: number, ctx: TrainContext): EsnState {
  if (l === s.outputs) return s;
  if (c.feedbackScaling > 0) throw new RangeError(`this task needs ${l} outputs but the network feeds back ${s.outputs}: use a network without feedback`);
  const f = featureCount(c.size, c.inputs, c.readoutInput);
  // no feedback here (refused above): W_fb only takes the new shape, all zeros
  return { ...s, outputs: l, y: ctx.alloc.f64(l), wOut: ctx.alloc.f64(l * f), wFb: allocFloat(ctx.alloc, c.precision, c.size * l), trained: false };
}

function taskRng(req: { seed?: number | undefined }, ctx: TrainContext): Rng {
  return req.seed !== undefined ? Rng.fromSeed(req.seed) : ctx.rng.fork();
}

function clearTarget(s: EsnState): void {
  s.target = new Float64Array(0);
  s.squash = 'none';
  s.targetVariance = NaN;
  s.sinceTrain = 0;
  s.freeSteps = 0; // training ends teacher-forced
}

/** Generative training on a 1-output series d: fed back through W_fb, or as the input when there is no feedback. */
function generativeSequence(c: EsnConfig, d: Float64Array, from: number, steps: number): Sequence {
  const targetAsInput = c.feedbackScaling === 0;
  if (targetAsInput && c.inputs < 1) throw new RangeError('generative training without feedback needs at least one input channel');
  return { steps, inputs: null, targets: d.subarray(from, from + steps), targetAsInput };
}

function trainMackeyGlass(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'mackey-glass' }>, ctx: TrainContext, leak: number): TrainResult {
  if (s.outputs !== 1) throw new RangeError('Mackey-Glass needs config.outputs = 1');
  const rng = taskRng(req, ctx);
  const r = settings(c, req.readout);
  if (req.forecast > 0) return forecastMackeyGlass(s, c, req, ctx, leak);
  const trialLen = req.testWashout + req.horizon;
  const total = req.steps + req.trials * trialLen + req.testWashout + req.continuation + 1;
  const original = mackeyGlass({ tau: req.tau, samples: total }, rng);
  const d = original.map(squashMG);
  const sigma2 = variance(original);
  const noiseRng = ctx.rng.fork();

  const seq = generativeSequence(c, d, 0, req.steps);
  const h = harvest(s, c, seq, { washout: req.washout, noise: r.trainingNoise, rng: noiseRng, leak, ctx, progress: [0, 0.7] });
  if (!h) return { metrics: { cancelled: true } };
  const fit = fitReadout(s, h.x, h.y, h.rows, r);
  // Training error (one step ahead, teacher forced), in network coordinates.
  const pred = new Float64Array(h.rows);
  const f = s.features.length;
  for (let i = 0; i < h.rows; i++) {
    let v = 0;
    for (let j = 0; j < f; j++) v += s.wOut[j]! * h.x[i * f + j]!;
    pred[i] = v;
  }
  const trainErr = errorFigures(pred, h.y);

  // Free-running test trials (Jaeger 2001 §6): teacher-force a fresh stretch, then run free `horizon` steps.
  const errs: number[] = [];
  const out = new Float64Array(req.horizon);
  let pos = req.steps;
  for (let t = 0; t < req.trials; t++) {
    if (ctx.cancelled()) return { metrics: { cancelled: true } };
    harvest(s, c, generativeSequence(c, d, pos, req.testWashout), { washout: req.testWashout, noise: 0, rng: null, leak });
    pos += req.testWashout;
    freeRun(s, c, req.horizon, seq.targetAsInput === true, leak, out);
    errs.push(unsquashMG(out[req.horizon - 1]!) - original[pos + req.horizon - 1]!);
    pos += req.horizon;
    ctx.progress(0.7 + (0.3 * (t + 1)) / Math.max(1, req.trials));
  }
  const nrmseH = errs.length ? Math.sqrt(errs.reduce((a, e) => a + e * e, 0) / (errs.length * sigma2)) : null;
  const perTrial = errs.map((e) => Math.abs(e) / Math.sqrt(sigma2));
  const sorted = [...perTrial].sort((a, b) => a - b);
  const median = sorted.length ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : null;

  // Leave the network teacher-forced up to `pos` and keep the true continuation for the next runs' metrics.
  harvest(s, c, generativeSequence(c, d, pos, req.testWashout), { washout: req.testWashout, noise: 0, rng: null, leak });
  pos += req.testWashout;
  s.target = Float64Array.from(d.subarray(pos, pos + req.continuation));
  s.squash = 'tanh-minus-1';
  s.targetVariance = sigma2;
  s.sinceTrain = 0;
  s.freeSteps = 0; // training ends teacher-forced
  s.generative = true;
  s.outputAsInput = seq.targetAsInput === true;
  return {
    metrics: {
      task: 'mackey-glass',
      tau: req.tau,
      trainNrmse: trainErr.nrmse,
      [`nrmse${req.horizon}`]: nrmseH,
      nrmseHorizon: nrmseH,
      horizon: req.horizon,
      medianTrialNrmse: median,
      trials: errs.length,
      samples: h.rows,
      features: f,
      conditionEstimate: fit.conditionEstimate,
      spectralRadius: s.spectralRadius,
      effectiveSpectralRadius: s.effectiveSpectralRadius,
    },
    curves: { trialNrmse: perTrial },
  };
}

/** ReservoirPy's tutorial task: from d(n), forecast d(n + h); R² and NRMSE on the test part. */
function forecastMackeyGlass(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'mackey-glass' }>, ctx: TrainContext, leak: number): TrainResult {
  if (c.inputs !== 1 || s.outputs !== 1) throw new RangeError('the forecast task needs config.inputs = 1 and config.outputs = 1');
  const rng = taskRng(req, ctx);
  const h = req.forecast;
  const total = req.steps + req.testSteps;
  const original = mackeyGlass({ tau: req.tau, samples: total + h }, rng);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of original) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const d = req.scaling === 'minmax' ? original.map((v) => (2 * (v - lo)) / (hi - lo) - 1) : original.map(squashMG);
  const res = trainDriven(s, c, d.subarray(0, total), d.subarray(h, total + h), req.steps, req.washout, settings(c, req.readout), ctx, leak);
  if (!res) return { metrics: { cancelled: true } };
  clearTarget(s);
  s.generative = false;
  const test = errorFigures(res.testY, res.testD);
  return {
    metrics: { task: 'mackey-glass', forecast: h, trainNrmse: res.trainNrmse, testNrmse: test.nrmse, testR2: test.r2, conditionEstimate: res.conditionEstimate },
  };
}

function trainSine(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'sine' }>, ctx: TrainContext, leak: number): TrainResult {
  if (s.outputs !== 1) throw new RangeError('the sine task needs config.outputs = 1');
  const r = settings(c, req.readout);
  const total = req.steps + req.testSteps + 2000;
  const d = sumOfSines(total, req.periods, req.amplitudes);
  const seq = generativeSequence(c, d, 0, req.steps);
  const h = harvest(s, c, seq, { washout: req.washout, noise: r.trainingNoise, rng: ctx.rng.fork(), leak, ctx, progress: [0, 0.8] });
  if (!h) return { metrics: { cancelled: true } };
  const fit = fitReadout(s, h.x, h.y, h.rows, r);
  const out = new Float64Array(req.testSteps);
  freeRun(s, c, req.testSteps, seq.targetAsInput === true, leak, out);
  const test = errorFigures(out, d.subarray(req.steps, req.steps + req.testSteps));
  s.target = Float64Array.from(d.subarray(req.steps + req.testSteps));
  s.squash = 'none';
  s.targetVariance = variance(d);
  s.sinceTrain = 0;
  s.freeSteps = 0; // training ends teacher-forced
  s.generative = true;
  s.outputAsInput = seq.targetAsInput === true;
  return {
    metrics: { task: 'sine', testNrmse: test.nrmse, testR2: test.r2, conditionEstimate: fit.conditionEstimate },
    curves: { testOutput: Array.from(out), testTarget: Array.from(d.subarray(req.steps, req.steps + req.testSteps)) },
  };
}

/** Driven training on inputs u (T × K) and targets (T × L); test on fresh data. */
function trainDriven(
  s: EsnState,
  c: EsnConfig,
  u: Float64Array,
  y: Float64Array,
  trainSteps: number,
  washout: number,
  r: RidgeSettings,
  ctx: TrainContext,
  leak: number,
): { trainNrmse: number; testY: Float64Array; testD: Float64Array; conditionEstimate: number } | null {
  const k = c.inputs;
  const l = s.outputs;
  const total = u.length / Math.max(1, k);
  const h = harvest(s, c, { steps: trainSteps, inputs: u.subarray(0, trainSteps * k), targets: y.subarray(0, trainSteps * l) }, {
    washout,
    noise: r.trainingNoise,
    rng: ctx.rng.fork(),
    leak,
    ctx,
    progress: [0, 0.8],
  });
  if (!h) return null;
  const fit = fitReadout(s, h.x, h.y, h.rows, r);
  const f = s.features.length;
  const pred = new Float64Array(h.rows * l);
  for (let i = 0; i < h.rows; i++) for (let o = 0; o < l; o++) {
    let v = 0;
    for (let j = 0; j < f; j++) v += s.wOut[o * f + j]! * h.x[i * f + j]!;
    pred[i * l + o] = v;
  }
  const testSteps = total - trainSteps;
  const testY = new Float64Array(testSteps * l);
  const uu = new Float64Array(k);
  for (let n = 0; n < testSteps; n++) {
    for (let i = 0; i < k; i++) uu[i] = u[(trainSteps + n) * k + i]!;
    updateReservoir(s, c, uu, s.y, leak, 0, null);
    readOutput(s, c);
    for (let o = 0; o < l; o++) testY[n * l + o] = s.y[o]!;
  }
  return { trainNrmse: errorFigures(pred, h.y, l).nrmse, testY, testD: y.subarray(trainSteps * l), conditionEstimate: fit.conditionEstimate };
}

function trainNarma(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'narma10' }>, ctx: TrainContext, leak: number): TrainResult {
  if (c.inputs !== 1 || s.outputs !== 1) throw new RangeError('NARMA-10 needs config.inputs = 1 and config.outputs = 1');
  const rng = taskRng(req, ctx);
  const { u, y } = narma10(req.steps + req.testSteps, rng);
  const res = trainDriven(s, c, u, y, req.steps, req.washout, settings(c, req.readout), ctx, leak);
  if (!res) return { metrics: { cancelled: true } };
  clearTarget(s);
  s.generative = false;
  const test = errorFigures(res.testY, res.testD);
  return { metrics: { task: 'narma10', trainNrmse: res.trainNrmse, testNrmse: test.nrmse, testR2: test.r2, conditionEstimate: res.conditionEstimate } };
}

function trainMemory(
  s0: EsnState,
  c: EsnConfig,
  req: Extract<EsnTrainRequest, { task: 'memory' }>,
  ctx: TrainContext,
  leak: number,
): TrainResult {
  if (c.inputs !== 1) throw new RangeError('the memory task needs config.inputs = 1');
  const s = setOutputs(s0, c, req.maxDelay, ctx);
  const rng = taskRng(req, ctx);
  const K = req.maxDelay;
  const total = req.steps + req.testSteps;
  const u = uniformSeries(total + K, rng, -req.inputRange, req.inputRange);
  const drive = u.subarray(K); // u(n) for n = 0…total−1; u(n − k) = u[K + n − k]
  const y = new Float64Array(total * K);
  for (let n = 0; n < total; n++) for (let k = 1; k <= K; k++) y[n * K + (k - 1)] = u[K + n - k]!;
  const washout = Math.max(req.washout, 0);
  const res = trainDriven(s, c, drive, y, req.steps, washout, settings(c, req.readout), ctx, leak);
  if (!res) return { metrics: { cancelled: true }, state: s };
  const mcK: number[] = [];
  const a = new Float64Array(req.testSteps);
  const b = new Float64Array(req.testSteps);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < req.testSteps; n++) {
      a[n] = res.testY[n * K + k]!;
      b[n] = res.testD[n * K + k]!;
    }
    mcK.push(squaredCorrelation(a, b));
  }
  const mc = mcK.reduce((p, q) => p + q, 0);
  clearTarget(s);
  s.generative = false;
  return {
    metrics: { task: 'memory', memoryCapacity: mc, bound: c.size, maxDelay: K, conditionEstimate: res.conditionEstimate },
    curves: { memoryFunction: mcK },
    state: s,
  };
}

function trainEchoState(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'echo-state' }>, ctx: TrainContext, leak: number): TrainResult {
  // Two copies of the reservoir (same weights), different initial states, same input; no feedback (the property is
  // about the input-driven reservoir, Jaeger 2001 Def. 1).
  const rng = taskRng(req, ctx);
  const noFb: EsnConfig = { ...c, feedbackScaling: 0 };
  const copy = (): EsnState => ({ ...s, x: floatLike(s.x, c.size), pre: floatLike(s.pre, c.size), biasInput: floatLike(s.biasInput, c.inputs + 1), u: new Float64Array(c.inputs) });
  const a = copy();
  const b = copy();
  for (let i = 0; i < c.size; i++) {
    a.x[i] = rng.range(-req.initialSpread, req.initialSpread);
    b.x[i] = rng.range(-req.initialSpread, req.initialSpread);
  }
  const dist = () => {
    let d = 0;
    for (let i = 0; i < c.size; i++) d += (a.x[i]! - b.x[i]!) ** 2;
    return Math.sqrt(d);
  };
  const d0 = dist();
  const u = new Float64Array(c.inputs);
  const curve: number[] = [];
  const every = Math.max(1, Math.floor(req.steps / 500));
  for (let n = 0; n < req.steps; n++) {
    for (let i = 0; i < c.inputs; i++) u[i] = rng.range(-req.inputAmplitude, req.inputAmplitude);
    updateReservoir(a, noFb, u, a.y, leak, 0, null);
    updateReservoir(b, noFb, u, b.y, leak, 0, null);
    if (n % every === 0 || n === req.steps - 1) curve.push(dist());
  }
  const d1 = dist();
  const ratio = d0 > 0 ? d1 / d0 : 0;
  // Average contraction per step over the last half of the run (log distance slope), when the distance is resolvable.
  return {
    metrics: {
      task: 'echo-state',
      echoStateProperty: ratio < req.tolerance,
      initialDistance: d0,
      finalDistance: d1,
      distanceRatio: ratio,
      spectralRadius: s.spectralRadius,
      effectiveSpectralRadius: s.effectiveSpectralRadius,
    },
    curves: { distance: curve },
  };
}

function trainReverse(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'reverse' }>, ctx: TrainContext, leak: number): TrainResult {
  if (c.inputs !== req.grid.channels) {
    throw new RangeError(`the reverse task feeds one spectrogram channel per input: config.inputs must be ${req.grid.channels}`);
  }
  if (s.outputs !== 1) throw new RangeError('the reverse task needs config.outputs = 1');
  const rng = taskRng(req, ctx);
  const set = forwardReversedSet(req.grid, req.stimulus, rng);
  const readFrom = set.onsetBin + set.soundBins; // read out after the sound: only memory can tell the order now
  const rowsPer = set.trialBins - readFrom;
  const f = s.features.length;
  const k = c.inputs;
  // Each trial starts from rest: the label must come from this trial's sound.
  const runTrial = (spec: Float64Array, into: Float64Array | null, row0: number, outs: number[] | null) => {
    s.x.fill(0);
    let sum = 0;
    for (let b = 0; b < set.trialBins; b++) {
      updateReservoir(s, c, spec.subarray(b * k, (b + 1) * k), s.y, leak, 0, null);
      if (b >= readFrom) {
        if (into) {
          writeFeatures(s.x, s.u, c.readoutInput, into, (row0 + b - readFrom) * f);
        } else {
          readOutput(s, c);
          sum += s.y[0]!;
        }
      }
    }
    if (outs) outs.push(sum / rowsPer);
  };
  const rows = set.train.length * rowsPer;
  const x = new Float64Array(rows * f);
  const y = new Float64Array(rows);
  set.train.forEach((t, i) => {
    runTrial(t.spectrogram.data, x, i * rowsPer, null);
    y.fill(t.label, i * rowsPer, (i + 1) * rowsPer);
    if ((i & 31) === 31) ctx.progress((0.8 * i) / set.train.length);
  });
  const fit = fitReadout(s, x, y, rows, settings(c, req.readout));
  const scores: number[] = [];
  for (const t of set.test) runTrial(t.spectrogram.data, null, 0, scores);
  let correct = 0;
  set.test.forEach((t, i) => {
    if (Math.sign(scores[i]!) === t.label) correct++;
  });
  s.x.fill(0);
  clearTarget(s);
  s.generative = false;
  return {
    metrics: { task: 'reverse', accuracy: correct / set.test.length, chance: 0.5, testTrials: set.test.length, conditionEstimate: fit.conditionEstimate },
    curves: { testScores: scores },
  };
}

function trainSeries(s: EsnState, c: EsnConfig, req: Extract<EsnTrainRequest, { task: 'series' }>, ctx: TrainContext, leak: number): TrainResult {
  const l = s.outputs;
  const T = req.targets.length;
  const d = new Float64Array(T * l);
  req.targets.forEach((row, n) => {
    if (row.length !== l) throw new RangeError(`targets[${n}] has ${row.length} values; config.outputs is ${l}`);
    d.set(row, n * l);
  });
  const trainSteps = Math.max(1, Math.round(T * (1 - req.testFraction)));
  if (trainSteps <= req.washout) throw new RangeError(`the training part (${trainSteps} steps) must be longer than the washout (${req.washout})`);
  const r = settings(c, req.readout);
  if (req.inputs) {
    if (req.inputs.length !== T) throw new RangeError(`inputs has ${req.inputs.length} rows, targets ${T}`);
    const k = c.inputs;
    const u = new Float64Array(T * k);
    req.inputs.forEach((row, n) => {
      if (row.length !== k) throw new RangeError(`inputs[${n}] has ${row.length} values; config.inputs is ${k}`);
      u.set(row, n * k);
    });
    const res = trainDriven(s, c, u, d, trainSteps, req.washout, r, ctx, leak);
    if (!res) return { metrics: { cancelled: true } };
    clearTarget(s);
    s.generative = false;
    const test = res.testY.length ? errorFigures(res.testY, res.testD, l) : { nrmse: null, r2: null };
    return { metrics: { task: 'series', mode: 'driven', trainNrmse: res.trainNrmse, testNrmse: test.nrmse, testR2: test.r2, conditionEstimate: res.conditionEstimate } };
  }
  if (l !== 1) throw new RangeError('a generative series has one output (config.outputs = 1)');
  const seq = generativeSequence(c, d, 0, trainSteps);
  const h = harvest(s, c, seq, { washout: req.washout, noise: r.trainingNoise, rng: ctx.rng.fork(), leak, ctx, progress: [0, 0.8] });
  if (!h) return { metrics: { cancelled: true } };
  const fit = fitReadout(s, h.x, h.y, h.rows, r);
  const testSteps = T - trainSteps;
  const out = new Float64Array(testSteps);
  freeRun(s, c, testSteps, seq.targetAsInput === true, leak, out);
  const test = testSteps > 0 ? errorFigures(out, d.subarray(trainSteps)) : { nrmse: null, r2: null };
  clearTarget(s);
  s.generative = true;
  s.outputAsInput = seq.targetAsInput === true;
  return { metrics: { task: 'series', mode: 'generative', testNrmse: test.nrmse, testR2: test.r2, conditionEstimate: fit.conditionEstimate } };
}

export function trainEsn(state: EsnState, c: EsnConfig, request: unknown, ctx: TrainContext, live: EsnLive): TrainResult {
  const req = esnTrainSchema.parse(request);
  const leak = live.leakRate ?? leakGain(c);
  switch (req.task) {
    case 'mackey-glass':
      return trainMackeyGlass(state, c, req, ctx, leak);
    case 'sine':
      return trainSine(state, c, req, ctx, leak);
    case 'narma10':
      return trainNarma(state, c, req, ctx, leak);
    case 'memory':
      return trainMemory(state, c, req, ctx, leak);
    case 'echo-state':
      return trainEchoState(state, c, req, ctx, leak);
    case 'reverse':
      return trainReverse(state, c, req, ctx, leak);
    case 'series':
      return trainSeries(state, c, req, ctx, leak);
  }
}
