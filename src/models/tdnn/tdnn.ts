/**
 * `tdnn`: a feed-forward network on a sliding window of the last w time bins (window.ts), trainable by ridge on a
 * fixed random hidden layer or by gradient descent (training.ts), on the forward-versus-reversed task or on any
 * per-step sequence target.
 */
import { z } from 'zod';
import { defineModel, type Recording, type TrainResult } from '../contract.js';
import { gaussianMatrix } from '../../engine/linalg/random-matrix.js';
import { makeStimulus } from '../../stimuli/stimulus.js';
import { forwardReversedSchema, forwardReversedSet } from '../../stimuli/forward-reversed.js';
import { tdnnConfigSchema, tdnnLiveSchema, type TdnnConfig, type TdnnLive } from './config.js';
import { tdnnPresets } from './presets.js';
import { featureCount, hiddenLayer, pushInput, readout, type TdnnWeights } from './window.js';
import { accuracy, fitForwardReversedGradient, fitForwardReversedRidge, ridgeReadout, scoresFrom, sequenceFeatures, trialScores } from './training.js';
import { tdnnTrainingCost, validateTdnnTraining } from './train-checks.js';
import { tdnnBuildCost } from './build-cost.js';

export interface TdnnState extends Record<string, unknown> {
  net: TdnnWeights;
  stimulus: Float64Array;
  stimulusBins: number;
  slice: Float64Array;
  x: Float64Array;
  h: Float64Array;
  y: Float64Array;
  trained: boolean;
}

const method = z.enum(['ridge', 'gradient']).default('ridge').describe('ridge: readout only, on the fixed random hidden layer; gradient: backprop through all weights (Adam)');
const lambda = z.number().min(0).max(1e6).default(1e-3).describe('Ridge λ relative to the mean feature power');

export const tdnnTrainSchema = z.discriminatedUnion('task', [
  z.object({
    task: z.literal('forwardReversed'),
    ...forwardReversedSchema.shape,
    method,
    lambda,
    epochs: z.number().int().min(1).max(1000).default(40).describe('Gradient: passes over the training trials'),
    learningRate: z.number().positive().max(10).default(0.01).describe('Gradient: Adam step size'),
    batch: z.number().int().min(1).max(10_000).default(20).describe('Gradient: trials per update'),
  }),
  z.object({
    task: z.literal('sequence'),
    inputs: z.array(z.array(z.number())).min(2).max(200_000).describe('u(t), steps × channels'),
    targets: z.array(z.array(z.number())).min(2).max(200_000).describe('y*(t), steps × outputs'),
    washout: z.number().int().min(0).default(0).describe('Steps discarded at the start (the window fills)'),
    lambda,
  }),
]);

export const tdnn = defineModel<TdnnConfig, TdnnState, TdnnLive>({
  meta: {
    kind: 'tdnn',
    title: 'Time-delay network (a sliding window of the last w bins)',
    summary:
      'A feed-forward network that sees time only as different inputs: the last w time bins of the spectrogram, side ' +
      'by side. It has no memory beyond the window. Train it to tell a sound from its time-reversed twin: with a ' +
      'window shorter than the gap between syllables it is at chance whatever it learns; a window covering the order ' +
      'of the syllables does well. Compare with the recurrent kinds, which carry the past in their state.',
    equations: ['x(t) = [u(t), u(t−1), …, u(t−w+1)]', 'h(t) = f(W·x(t) + b)', 'y(t) = V·[h(t); 1]', 'decision = sign((1/T) Σₜ y(t))'],
    references: [
      'Waibel A, Hanazawa T, Hinton G, Shikano K, Lang KJ (1989) Phoneme recognition using time-delay neural networks. IEEE Trans ASSP 37:328.',
      'Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7. MIT Press.',
    ],
    timeUnit: 'ms',
    fields: {
      spectrogram: 'the input slice u(t) entering the window now',
      hidden: 'h(t), the hidden layer (the raw window when hidden = 0)',
      output: 'y(t), the readout (forward-reversed: > 0 forward, < 0 reversed)',
    },
    activityField: 'hidden',
  },
  configSchema: tdnnConfigSchema,
  liveSchema: tdnnLiveSchema,
  initialLive: () => ({ stimulusGain: 1 }),
  presets: tdnnPresets,
  dt: (c) => c.binMs,
  inputSize: (c) => c.channels,
  size: (c) => (c.hidden > 0 ? c.hidden : c.window * c.channels),
  cost: tdnnBuildCost,
  defaultRecord: ['spectrogram', 'output'],
  metricFields: ['output'],

  create(c, { rng, alloc }) {
    const D = c.window * c.channels;
    const net: TdnnWeights = {
      window: c.window,
      channels: c.channels,
      hidden: c.hidden,
      outputs: c.outputs,
      nonlinearity: c.nonlinearity,
      w: alloc.f64(c.hidden * D),
      b: alloc.f64(c.hidden),
      v: alloc.f64(0),
    };
    net.v = alloc.f64(c.outputs * (featureCount(net) + 1));
    gaussianMatrix(net.w, rng.fork(), { rows: c.hidden, cols: D, gain: c.hiddenGain, density: 1 });
    rng.fork().fillNormal(net.b, 0, c.biasSd);
    const sound = c.stimulus ? makeStimulus(c.stimulus, c, rng.fork()) : null;
    const stimulus = alloc.f64(sound ? sound.data.length : 0);
    if (sound) stimulus.set(sound.data);
    return {
      net,
      stimulus,
      stimulusBins: sound ? sound.bins : 0,
      slice: alloc.f64(c.channels),
      x: alloc.f64(D),
      h: alloc.f64(Math.max(1, c.hidden)),
      y: alloc.f64(c.outputs),
      trained: false,
    };
  },

  step(s, c, ctx) {
    const C = c.channels;
    const bin = c.loop && s.stimulusBins > 0 ? ctx.step % s.stimulusBins : ctx.step;
    const g = ctx.live.stimulusGain;
    for (let ch = 0; ch < C; ch++) s.slice[ch] = (bin < s.stimulusBins ? g * s.stimulus[bin * C + ch]! : 0) + ctx.input[ch]!;
    pushInput(s.x, s.slice, C);
    readout(s.net, hiddenLayer(s.net, s.x, s.h), s.y);
  },

  observe: (s) => ({ spectrogram: s.slice, hidden: s.net.hidden > 0 ? s.h : s.x, output: s.y.length === 1 ? s.y[0]! : s.y }),

  metrics(rec: Recording, c) {
    const y = rec.fields.output!;
    const n = y.data.length / y.width;
    if (n === 0) return {};
    const mean = new Array<number>(y.width).fill(0);
    for (let k = 0; k < n; k++) for (let o = 0; o < y.width; o++) mean[o]! += y.data[k * y.width + o]! / n;
    const out: Record<string, number | number[] | string> = { meanOutput: c.outputs === 1 ? mean[0]! : mean };
    if (c.outputs === 1) out.decision = mean[0]! >= 0 ? 'forward' : 'reversed';
    return out;
  },

  train: {
    schema: tdnnTrainSchema,
    validate: validateTdnnTraining,
    cost: tdnnTrainingCost,
    run(s, c, request, ctx): TrainResult {
      const req = tdnnTrainSchema.parse(request);
      const net = s.net;
      const f = featureCount(net);
      if (req.task === 'sequence') {
        const steps = req.inputs.length;
        if (req.targets.length !== steps) throw new RangeError(`targets has ${req.targets.length} steps, inputs ${steps}`);
        if (req.inputs.some((u) => u.length !== c.channels)) throw new RangeError(`every input row needs ${c.channels} values`);
        if (req.targets.some((y) => y.length !== c.outputs)) throw new RangeError(`every target row needs ${c.outputs} values`);
        if (steps - req.washout < 2) throw new RangeError('washout leaves fewer than 2 steps');
        const feats = sequenceFeatures(net, req.inputs);
        const rows = steps - req.washout;
        const y = new Float64Array(rows * c.outputs);
        for (let r = 0; r < rows; r++) for (let o = 0; o < c.outputs; o++) y[r * c.outputs + o] = req.targets[r + req.washout]![o]!;
        net.v.set(ridgeReadout(feats.subarray(req.washout * f), rows, f, y, c.outputs, req.lambda));
        let se = 0;
        let variance = 0;
        const pred = new Float64Array(c.outputs);
        const means = new Float64Array(c.outputs);
        for (let r = 0; r < rows; r++) for (let o = 0; o < c.outputs; o++) means[o]! += y[r * c.outputs + o]! / rows;
        for (let r = 0; r < rows; r++) {
          readout(net, feats.subarray((r + req.washout) * f, (r + req.washout + 1) * f), pred);
          for (let o = 0; o < c.outputs; o++) {
            se += (pred[o]! - y[r * c.outputs + o]!) ** 2;
            variance += (y[r * c.outputs + o]! - means[o]!) ** 2;
          }
        }
        s.trained = true;
        return { metrics: { task: 'sequence', trainNrmse: Math.sqrt(se / Math.max(variance, 1e-300)), steps: rows } };
      }
      if (c.outputs !== 1) throw new RangeError('forwardReversed needs outputs = 1');
      const set = forwardReversedSet(c, req, ctx.rng.fork());
      let losses: number[] | undefined;
      let trainFeatures: Float64Array | null = null;
      if (req.method === 'ridge') {
        trainFeatures = fitForwardReversedRidge(net, set.train, req.lambda);
      } else {
        net.v.fill(0);
        losses = fitForwardReversedGradient(net, set.train, {
          epochs: req.epochs,
          learningRate: req.learningRate,
          batch: req.batch,
          rng: ctx.rng.fork(),
          onEpoch: (e, loss) => {
            ctx.progress((e + 1) / req.epochs, { loss });
            return !ctx.cancelled();
          },
        });
      }
      s.trained = true;
      // ridge leaves W and b as they were: its training features score the training set without pooling it again
      const trainScores = trainFeatures ? scoresFrom(net, trainFeatures, set.train.length) : trialScores(net, set.train);
      const trainAccuracy = accuracy(trainScores, set.train);
      const testAccuracy = accuracy(trialScores(net, set.test), set.test);
      return {
        metrics: {
          task: 'forwardReversed',
          method: req.method,
          trainAccuracy,
          testAccuracy,
          chance: 0.5,
          window: c.window,
          windowMs: c.window * c.binMs,
          soundBins: set.soundBins,
          soundMs: set.soundBins * c.binMs,
          gapBins: set.gapBins,
          // A window of gap + 2 bins sees one syllable's end beside the next one's start; unknown for the user's sounds.
          orderVisible: set.gapBins === null ? null : c.window >= set.gapBins + 2,
          ownSounds: req.sounds !== undefined,
        },
        curves: losses ? { loss: losses } : undefined,
      };
    },
  },
});
