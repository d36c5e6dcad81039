/**
 * `lsm`: the liquid state machine of Maass, Natschläger & Markram (2002): a fixed random circuit of leaky
 * integrate-and-fire neurons with dynamic synapses (the "liquid") turns input spike trains into a high-dimensional
 * fading trace, and only linear readouts on the low-pass filtered spike trains are trained.
 */
import { defineModel, type Recording } from '../contract.js';
import { lsmConfigSchema, lsmLiveSchema, neuronCount, type LsmConfig, type LsmLive } from './config.js';
import { beginTrial, trialLengthMs } from './input-spikes.js';
import {
  createLiquid,
  LAST_OBSERVED,
  resetLiquid,
  STEP,
  stepLiquid,
  syncTraces,
  TRAINED,
  TRIAL_INDEX,
  TRIAL_STEP,
  TRIALS_SCORED,
  type LiquidState,
} from './liquid.js';
import { lsmPresets } from './presets.js';
import { decide, readoutOutput } from './readout.js';
import { lsmTrainSchema, trainLsm } from './train.js';
import { lsmTrainingCost, validateLsmTraining } from './train-checks.js';
import { lsmBuildCost } from './build-cost.js';

export interface LsmState extends LiquidState {
  /** Readout weights, readouts × (n + 1), row-major (last column: bias). */
  readoutW: Float64Array;
  output: Float64Array;
  /** Per readout: trials of this session whose end the trained readout classified right (templates input). */
  correct: Float64Array;
  /** Observation buffers. */
  spiked: Uint8Array;
  raster: Int32Array;
}

/** Steps per trial (Infinity for untrialled input). */
const trialSteps = (c: LsmConfig): number => {
  const len = trialLengthMs(c);
  return Number.isFinite(len) ? Math.max(1, Math.round(len / c.dt)) : Infinity;
};

export const lsm = defineModel<LsmConfig, LsmState, LsmLive>({
  meta: {
    kind: 'lsm',
    title: 'Liquid state machine (spiking reservoir)',
    summary:
      'Leaky integrate-and-fire neurons on a 3-D grid, 20% inhibitory, wired with probability C·exp(−(D/λ)²) through ' +
      'dynamic (depressing/facilitating) synapses. Input spike trains perturb this "liquid"; its low-pass filtered ' +
      'spike trains are a fading memory of the recent input, from which linear readouts are trained. In the memory ' +
      'task the most recent segment of the input is recalled best, older ones less well; dynamic synapses keep them ' +
      'longer than static ones.',
    equations: [
      'τ_m dV/dt = −V + R_in·(I_b + I_syn),  V ≥ θ ⇒ spike, V ← V_reset for t_ref',
      'τ_s dI_syn/dt = −I_syn + Σ_spikes A·u_n·R_n·δ(t − t_n − Δ)',
      'u_n = U + u_{n−1}(1−U)e^{−Δ_{n−1}/F},  R_n = 1 + (R_{n−1} − u_{n−1}R_{n−1} − 1)e^{−Δ_{n−1}/D}',
      'P(connection a→b) = C·exp(−(D(a,b)/λ)²)',
      'x_i(t) = Σ_spikes exp(−(t − t_i)/30 ms),  y(t) = W·[x(t); 1]',
    ],
    references: [
      'Maass W, Natschläger T, Markram H (2002) Real-time computing without stable states. Neural Comput 14:2531.',
      'Markram H, Wang Y, Tsodyks M (1998) Differential signaling via the same axon of neocortical pyramidal neurons. PNAS 95:5323.',
    ],
    timeUnit: 'ms',
    fields: {
      spiked: 'per neuron, 1 if it fired since the previous observation (record this for a raster)',
      raster: 'indices of the neurons that fired since the previous observation (frames; variable length)',
      v: 'membrane potentials (mV); observed on request only: config observePotentials or live potentials = true',
      output: 'readout outputs y = W·[x; 1] (zeros before training)',
      populationRate: 'mean filtered firing rate over neurons (Hz), from the τ = 30 ms traces',
      inputSpikes: 'input spikes per channel in the last step',
      labels: 'templates input: the template of each segment in the current trial',
      trialTime: 'time since the current trial started (ms)',
      trialsScored: 'trials of this session scored by the trained readout',
      correct: 'per readout, trials scored right so far',
    },
    activityField: 'spiked',
  },
  configSchema: lsmConfigSchema,
  liveSchema: lsmLiveSchema,
  initialLive: (c) => ({
    backgroundCurrent: c.backgroundCurrent,
    noiseCurrent: c.noiseCurrent,
    rateHz: c.input.type === 'poisson' ? c.input.rateHz : 0,
    potentials: c.observePotentials,
  }),
  presets: lsmPresets,
  dt: (c) => c.dt,
  inputSize: (c) => c.inputs,
  size: (c) => neuronCount(c),
  cost: lsmBuildCost,
  defaultRecord: ['populationRate', 'output'],
  metricFields: ['trialsScored', 'correct', 'populationRate'],

  create(c, { rng, alloc }) {
    const liquid = createLiquid(c, rng.fork(), alloc);
    const n = liquid.n;
    return {
      ...liquid,
      readoutW: alloc.f64(c.readouts * (n + 1)),
      output: alloc.f64(c.readouts),
      correct: alloc.f64(c.readouts),
      spiked: alloc.u8(n),
      raster: alloc.i32(n),
    };
  },

  step(s, c, ctx) {
    const perTrial = trialSteps(c);
    if (s.counters[TRIAL_STEP] === 0) {
      if (s.counters[TRIAL_INDEX]! > 0 && c.resetEachTrial && Number.isFinite(perTrial)) resetLiquid(s, c, ctx.rng);
      beginTrial(s, c, ctx.rng);
    }
    stepLiquid(s, c, ctx.rng, ctx.live, s.counters[TRIAL_STEP]! * c.dt, c.inputs > 0 ? ctx.input : null);
    s.counters[TRIAL_STEP]!++;
    if (s.counters[TRIAL_STEP]! >= perTrial) {
      // Trial over: score the trained readouts on this trial's labels (templates input), then start the next.
      if (s.counters[TRAINED] === 1 && c.input.type === 'templates' && c.readouts === c.input.segments) {
        readoutOutput(s, c, s.readoutW, s.output);
        for (let seg = 0; seg < c.readouts; seg++) if (decide(s.output[seg]!, c.input.templates) === s.labels[seg]) s.correct[seg]!++;
        s.counters[TRIALS_SCORED]!++;
      }
      s.counters[TRIAL_STEP] = 0;
      s.counters[TRIAL_INDEX]!++;
    }
  },

  observe(s, c, live) {
    // Locals: the state object has many keys; its arrays are looked up once, not per neuron.
    const { n, lastSpikeStep, spiked, raster } = s;
    const last = s.counters[LAST_OBSERVED]!;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const fired = lastSpikeStep[i]! > last ? 1 : 0;
      spiked[i] = fired;
      if (fired) raster[count++] = i;
    }
    s.counters[LAST_OBSERVED] = s.counters[STEP]!;
    if (s.counters[TRAINED] === 1) readoutOutput(s, c, s.readoutW, s.output);
    const traceSum = syncTraces(s, c);
    return {
      spiked,
      raster: raster.subarray(0, count),
      ...(live.potentials ? { v: s.v } : {}),
      output: s.output,
      populationRate: (traceSum / n / c.readoutTau) * 1000,
      inputSpikes: s.inputSpikes,
      labels: s.labels,
      trialTime: s.counters[TRIAL_STEP]! * c.dt,
      trialsScored: s.counters[TRIALS_SCORED]!,
      correct: s.correct,
    };
  },

  train: {
    schema: lsmTrainSchema,
    validate: validateLsmTraining,
    cost: lsmTrainingCost,
    run: (s, c, request, ctx, live) => trainLsm(s, c, request, ctx, live),
  },

  metrics(rec: Recording, c) {
    const rate = rec.fields.populationRate?.data;
    const out: Record<string, number | number[] | null> = {};
    if (rate && rate.length > 0) {
      let sum = 0;
      for (const r of rate) sum += r;
      out.meanPopulationRateHz = sum / rate.length;
    }
    // Accuracy of the trained readouts over the trials that ended during the run (difference of the running tallies).
    const scored = rec.fields.trialsScored?.data;
    const correct = rec.fields.correct;
    if (scored && correct && scored.length > 1) {
      const last = scored.length - 1;
      const trials = scored[last]! - scored[0]!;
      if (trials > 0) {
        const w = correct.width;
        out.trialsScored = trials;
        out.accuracyBySegment = Array.from({ length: w }, (_, k) => (correct.data[last * w + k]! - correct.data[k]!) / trials);
        if (c.input.type === 'templates') out.chance = 1 / c.input.templates;
      }
    }
    return out;
  },
});
