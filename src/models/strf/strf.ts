/**
 * `strf`: a population of auditory-cortex-like linear–nonlinear units, each filtering a spectrogram with its
 * spectro-temporal receptive field (see population.ts for the equations), and the mapping of those fields back from
 * the responses (mapping.ts). Frames show the spectrogram slice the population hears and its response; `train` with
 * a mapping request returns the true and the estimated STRFs as images and their correlation.
 */
import { z } from 'zod';
import { defineModel, type Recording, type TrainResult } from '../contract.js';
import { makeStimulus, stimulusProblems, stimulusSchema } from '../../stimuli/stimulus.js';
import { strfConfigSchema, strfLiveSchema, type StrfConfig, type StrfLive } from './config.js';
import { strfPresets } from './presets.js';
import { buildFields, fieldImage } from './receptive-fields.js';
import { pushSlice, respond, type OutputParams } from './population.js';
import { correlation, mapStrfs } from './mapping.js';
import { matVec } from '../../engine/linalg/dense.js';
import type { Rng } from '../../engine/random/rng.js';
import { strfMappingCost, validateStrfMapping } from './train-checks.js';
import { strfBuildCost } from './build-cost.js';

export interface StrfState extends Record<string, unknown> {
  units: number;
  /** True fields, units × (lags·channels), lag-major per unit. */
  fields: Float64Array;
  /** Fields estimated by the last mapping (zeros before). */
  estimated: Float64Array;
  /** The stimulus, time-major (bins × channels). */
  stimulus: Float64Array;
  stimulusBins: number;
  history: Float64Array;
  slice: Float64Array;
  drive: Float64Array;
  rate: Float64Array;
  spikes: Float64Array;
}

const unitsOf = (c: StrfConfig): number => (c.fields.type === 'explicit' ? c.fields.strfs.length : c.units);

const outputParams = (c: StrfConfig, live: StrfLive, spiking = live.spiking): OutputParams => ({
  nonlinearity: c.nonlinearity,
  threshold: live.threshold,
  baselineHz: c.baselineHz,
  gainHz: live.gainHz,
  binMs: c.binMs,
  spiking,
});

/** The step's output parameters, refilled every step (no allocation per step). */
const stepParams: OutputParams = { nonlinearity: 'relu', threshold: 0, baselineHz: 0, gainHz: 0, binMs: 1, spiking: false };

export const strfMappingSchema = z.object({
  method: z
    .enum(['ridge', 'sta', 'show'])
    .default('ridge')
    .describe('ridge: regularised regression; sta: spike-triggered average; show: return the true (and last estimated) STRF images without mapping'),
  stimulus: stimulusSchema
    .default({ type: 'dynamicRipple', maxTemporalHz: 40, maxSpectralCyclesPerOctave: 4, temporalChangeHz: 1.5, spectralChangeHz: 3, components: 1, depth: 0.9, durationMs: 100_000, level: 1 })
    .describe('The mapping stimulus (a dynamic ripple, ripple noise or random chords)'),
  response: z.enum(['spikes', 'rate']).default('spikes').describe('Map from Poisson spike counts (as in experiments) or from the noiseless rate'),
  lambda: z.number().min(0).max(1e6).default(1).describe('Ridge λ, relative to the mean stimulus variance per feature'),
});

const IMAGE_LAYOUT = 'curves true.<unit> / estimated.<unit>: channels rows × lags columns, row-major (row 0 lowest channel, column 0 lag 0)';

/** The true and the estimated field of every unit as flattened images (channels × lags). */
function images(s: StrfState, channels: number, lags: number): Record<string, number[]> {
  const width = channels * lags;
  const out: Record<string, number[]> = {};
  for (let u = 0; u < s.units; u++) {
    out[`true.${u}`] = fieldImage(s.fields.subarray(u * width, (u + 1) * width), channels, lags).flat();
    out[`estimated.${u}`] = fieldImage(s.estimated.subarray(u * width, (u + 1) * width), channels, lags).flat();
  }
  return out;
}

/**
 * Correlation, per unit, between the linear prediction of the estimated field, ĥ * S, and the true rate r, on a fresh
 * stimulus of the same kind (a fifth as long, new noise). Its square is the fraction of the rate's variance a linear
 * STRF explains: ≈ 1 for linear units, less when the output nonlinearity rectifies. Null for stimuli with no
 * duration to redraw (speech-like, uploaded).
 */
function predictionOnFreshStimulus(s: StrfState, c: StrfConfig, spec: z.infer<typeof stimulusSchema>, est: Float64Array, live: StrfLive, rng: Rng): number[] | null {
  if (!('durationMs' in spec)) return null;
  const fresh = makeStimulus({ ...spec, durationMs: Math.max(spec.durationMs / 5, 20 * c.binMs * c.lags), ...('seed' in spec ? { seed: undefined } : {}) }, c, rng);
  const C = c.channels;
  const width = c.lags * C;
  const history = new Float64Array(width);
  const drive = new Float64Array(s.units);
  const rate = new Float64Array(s.units);
  const spikes = new Float64Array(s.units);
  const pred = new Float64Array(s.units);
  const rows = fresh.bins - c.lags + 1;
  const p = new Float64Array(rows * s.units);
  const r = new Float64Array(rows * s.units);
  const params = outputParams(c, live, false);
  for (let b = 0; b < fresh.bins; b++) {
    pushSlice(history, fresh.data.subarray(b * C, (b + 1) * C), C);
    respond(s.fields, s.units, history, params, rng, drive, rate, spikes);
    if (b < c.lags - 1) continue;
    matVec(est, s.units, width, history, pred);
    p.set(pred, (b - c.lags + 1) * s.units);
    r.set(rate, (b - c.lags + 1) * s.units);
  }
  const out: number[] = [];
  const pu = new Float64Array(rows);
  const ru = new Float64Array(rows);
  for (let u = 0; u < s.units; u++) {
    for (let k = 0; k < rows; k++) {
      pu[k] = p[k * s.units + u]!;
      ru[k] = r[k * s.units + u]!;
    }
    out.push(correlation(pu, ru));
  }
  return out;
}

export const strf = defineModel<StrfConfig, StrfState, StrfLive>({
  meta: {
    kind: 'strf',
    title: 'Auditory STRF population (linear–nonlinear units)',
    summary:
      'Units of auditory cortex described by spectro-temporal receptive fields: each filters the spectrogram with a ' +
      'field localised in frequency and time lag, with excitatory and inhibitory subfields, then a nonlinearity and ' +
      'Poisson spiking. Play ripples, tones, clicks or speech-like sounds (and their reversed twins); then map the fields ' +
      'back from the spikes by spike-triggered averaging or ridge regression and compare them with the true ones.',
    equations: ['s_i(t) = Σ_c Σ_τ H_i(c, τ)·S(t − τ, c)', 'r_i(t) = r₀ + g·f(s_i(t) − θ)', 'n_i(t) ~ Poisson(r_i(t)·Δt)', 'ĥ = (XᵀX + λI)⁻¹ Xᵀ n'],
    references: [
      'Machens CK, Wehr MS, Zador AM (2004) Linearity of cortical receptive fields measured with natural sounds. J Neurosci 24:1089.',
      'Escabí MA, Schreiner CE (2002) Nonlinear spectrotemporal sound analysis by neurons in the auditory midbrain. J Neurosci 22:4114.',
      'Theunissen FE, David SV, Singh NC, Hsu A, Vinje WE, Gallant JL (2001) Estimating spatio-temporal receptive fields of auditory and visual neurons from their responses to natural stimuli. Network 12:289.',
      'Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 2. MIT Press.',
    ],
    timeUnit: 'ms',
    fields: {
      spectrogram: 'the spectrogram slice heard now, one level per frequency channel (lowest first)',
      drive: 's_i, the linear STRF drive of each unit',
      rate: 'r_i, the firing rate of each unit (Hz)',
      spikes: 'n_i, the spike count of each unit in this bin (0 when spiking is off)',
      populationRate: 'mean rate over units (Hz)',
    },
    activityField: 'rate',
  },
  configSchema: strfConfigSchema,
  liveSchema: strfLiveSchema,
  initialLive: (c) => ({ spiking: c.spiking, gainHz: c.gainHz, threshold: c.threshold, stimulusGain: 1 }),
  presets: strfPresets,
  dt: (c) => c.binMs,
  inputSize: (c) => c.channels,
  size: unitsOf,
  cost: strfBuildCost,
  defaultRecord: ['spectrogram', 'rate', 'spikes'],
  metricFields: ['rate'],

  create(c, { rng, alloc }) {
    const units = unitsOf(c);
    const width = c.lags * c.channels;
    const fieldRng = rng.fork();
    const stimulusRng = rng.fork();
    const fields = alloc.f64(units * width);
    buildFields(c, fieldRng, fields);
    const sound = makeStimulus(c.stimulus, c, stimulusRng);
    const stimulus = alloc.f64(sound.data.length);
    stimulus.set(sound.data);
    return {
      units,
      fields,
      estimated: alloc.f64(units * width),
      stimulus,
      stimulusBins: sound.bins,
      history: alloc.f64(width),
      slice: alloc.f64(c.channels),
      drive: alloc.f64(units),
      rate: alloc.f64(units),
      spikes: alloc.f64(units),
    };
  },

  step(s, c, ctx) {
    const C = c.channels;
    const bin = c.loop ? ctx.step % s.stimulusBins : ctx.step;
    const gain = ctx.live.stimulusGain;
    for (let ch = 0; ch < C; ch++) {
      const level = bin < s.stimulusBins ? s.stimulus[bin * C + ch]! : 0;
      s.slice[ch] = gain * level + ctx.input[ch]!;
    }
    pushSlice(s.history, s.slice, C);
    // s_i(t) = Σ_c Σ_τ H_i(c, τ)·S(t − τ, c): one mat-vec of the fields (units × lags·C) with the history window
    const p = stepParams;
    p.nonlinearity = c.nonlinearity;
    p.threshold = ctx.live.threshold;
    p.baselineHz = c.baselineHz;
    p.gainHz = ctx.live.gainHz;
    p.binMs = c.binMs;
    p.spiking = ctx.live.spiking;
    respond(s.fields, s.units, s.history, p, ctx.rng, s.drive, s.rate, s.spikes);
  },

  observe(s) {
    let m = 0;
    for (let i = 0; i < s.units; i++) m += s.rate[i]!;
    return { spectrogram: s.slice, drive: s.drive, rate: s.rate, spikes: s.spikes, populationRate: m / s.units };
  },

  metrics(rec: Recording, _c, s) {
    const r = rec.fields.rate!;
    const samples = r.data.length / r.width;
    if (samples === 0) return {};
    const perUnit = new Array<number>(r.width).fill(0);
    for (let k = 0; k < samples; k++) for (let i = 0; i < r.width; i++) perUnit[i]! += r.data[k * r.width + i]! / samples;
    const out: Record<string, number | number[]> = { meanRateHz: perUnit.reduce((a, b) => a + b, 0) / r.width, unitMeanRateHz: perUnit };
    const sp = rec.fields.spikes;
    if (sp) out.spikeCount = sp.data.reduce((a, b) => a + b, 0);
    out.units = s.units;
    return out;
  },

  train: {
    schema: strfMappingSchema,
    validate: validateStrfMapping,
    cost: strfMappingCost,
    run(s, c, request, ctx, live): TrainResult {
      const req = strfMappingSchema.parse(request);
      const C = c.channels;
      const width = c.lags * C;
      if (req.method === 'show') return { metrics: { method: 'show', units: s.units, imageShape: [C, c.lags], imageLayout: IMAGE_LAYOUT }, curves: images(s, C, c.lags) };
      const problem = stimulusProblems(req.stimulus, c)[0];
      if (problem) throw new RangeError(`stimulus${problem.path.length ? '.' + problem.path.join('.') : ''}: ${problem.message}`);
      const sound = makeStimulus(req.stimulus, c, ctx.rng.fork());
      if (sound.bins <= c.lags + 1) throw new RangeError(`the mapping stimulus needs more than ${c.lags + 1} bins`);
      // Play the mapping stimulus to a fresh copy of the population (the session's history is left as it is).
      const history = new Float64Array(width);
      const drive = new Float64Array(s.units);
      const rate = new Float64Array(s.units);
      const spikes = new Float64Array(s.units);
      const responses = new Float64Array(sound.bins * s.units);
      const p = outputParams(c, live, req.response === 'spikes');
      const noiseRng = ctx.rng.fork();
      for (let b = 0; b < sound.bins; b++) {
        pushSlice(history, sound.data.subarray(b * C, (b + 1) * C), C);
        respond(s.fields, s.units, history, p, noiseRng, drive, rate, spikes);
        responses.set(req.response === 'spikes' ? spikes : rate, b * s.units);
        if ((b & 4095) === 0) {
          if (ctx.cancelled()) return { metrics: { cancelled: true } };
          ctx.progress((0.5 * b) / sound.bins);
        }
      }
      const est = mapStrfs(sound, responses, s.units, c.lags, { method: req.method, lambda: req.lambda });
      s.estimated.set(est);
      ctx.progress(1);
      const corr: number[] = [];
      for (let u = 0; u < s.units; u++) corr.push(correlation(s.fields.subarray(u * width, (u + 1) * width), est.subarray(u * width, (u + 1) * width)));
      const curves = images(s, C, c.lags);
      const heldOut = predictionOnFreshStimulus(s, c, req.stimulus, est, live, ctx.rng.fork());
      let spikeTotal = 0;
      if (req.response === 'spikes') for (let k = 0; k < responses.length; k++) spikeTotal += responses[k]!;
      return {
        metrics: {
          method: req.method,
          correlation: corr,
          meanCorrelation: corr.reduce((a, b) => a + b, 0) / corr.length,
          minCorrelation: Math.min(...corr),
          bins: sound.bins,
          spikes: req.response === 'spikes' ? spikeTotal : null,
          imageShape: [C, c.lags],
          imageLayout: IMAGE_LAYOUT,
          // How much of the true rate the linear estimate predicts on a fresh stimulus (Machens et al. 2004: part).
          heldOutR2: heldOut ? heldOut.map((r) => r * r) : null,
          meanHeldOutR2: heldOut ? heldOut.reduce((a, r) => a + r * r, 0) / heldOut.length : null,
        },
        curves,
      };
    },
  },
});
