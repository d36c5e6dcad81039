/**
 * `convrnn`: convolutional networks with local recurrent cells (Nayebi et al., NeurIPS 2018).
 *
 * A run shows trials of T steps: at each trial's first step the cell states are zeroed and a new image of the task
 * is drawn; the image is shown for steps 0…imageOffStep−1 and blank after. Every step advances every layer by one
 * synaptic delay, so responses rise layer after layer and, after the offset, decay gradually in recurrent layers
 * while feed-forward layers fall back to rest at once. `train` runs BPTT epochs on generated or uploaded images.
 */
import { defineModel } from '../contract.js';
import { convrnnConfigSchema, convrnnLiveSchema, type ConvRnnConfig, type ConvRnnLive } from './config.js';
import { taskSample } from './dataset.js';
import { convrnnMetrics } from './metrics.js';
import { geometry, parameterCount, readout, stepNetwork, toTensors, type NetState } from './network.js';
import { convrnnPresets } from './presets.js';
import { createState, type ConvRnnState } from './state.js';
import { tf } from './tf-backend.js';
import { convrnnTrainSchema, trainConvRnn } from './train.js';
import type { T4 } from './cells.js';
import { convRnnTrainingCost, validateConvRnnTraining } from './train-checks.js';
import { convRnnBuildCost } from './build-cost.js';

/** One time step of the image network and of its blank twin (batch of two), reading and writing the state arrays. */
function advance(state: ConvRnnState, config: ConvRnnConfig): void {
  const geo = geometry(config);
  const side = config.imageSize;
  tf.tidy(() => {
    const p = toTensors(config, state.params);
    const cellShape = (i: number): [number, number, number, number] => [2, geo[i]!.cellSide, geo[i]!.cellSide, geo[i]!.channels];
    const prev: NetState = {
      cells: geo.map((_, i) => ({
        h: tf.tensor4d(state.h[i]!, cellShape(i)),
        c: state.c[i]!.length ? tf.tensor4d(state.c[i]!, cellShape(i)) : null,
      })),
      outputs: geo.map((g, i) => tf.tensor4d(state.y[i]!, [2, g.outSide, g.outSide, g.channels])),
    };
    const x = tf.concat([tf.tensor4d(state.input, [1, side, side, 1]), tf.zeros([1, side, side, 1])], 0) as T4;
    const next = stepNetwork(config, p, x, prev);
    geo.forEach((_, i) => {
      state.h[i]!.set(next.cells[i]!.h.dataSync());
      if (next.cells[i]!.c) state.c[i]!.set(next.cells[i]!.c!.dataSync());
      state.y[i]!.set(next.outputs[i]!.dataSync());
    });
    const logits = readout(config, p, next.outputs.at(-1)!).dataSync();
    for (let k = 0; k < config.classes; k++) state.logits[k] = logits[k]!;
  });
  geo.forEach((_, i) => {
    const y = state.y[i]!;
    const n = y.length / 2;
    let sum = 0;
    let sq = 0;
    for (let j = 0; j < n; j++) {
      sum += y[j]!;
      const d = y[j]! - y[n + j]!;
      sq += d * d;
    }
    state.response[i] = sum / n;
    state.evoked[i] = Math.sqrt(sq / n);
  });
}

export const convrnn = defineModel<ConvRnnConfig, ConvRnnState, ConvRnnLive>({
  meta: {
    kind: 'convrnn',
    title: 'Convolutional RNN (ConvRNN) with local recurrent cells',
    summary:
      'A small convolutional network whose layers carry local recurrent cells (vanilla, time-decay, LSTM or the ' +
      'reciprocal gated cell with bypass), unrolled in time: each step is one synaptic delay (~10 ms). Shown an ' +
      'image for 12 steps and then a blank, recurrent layers rise and decay gradually, like neurons in the ventral ' +
      'stream, while feed-forward layers follow the input at once. Trained by backpropagation through time on ' +
      'generated images (curve tracing, glyphs) or uploaded ones; with good cells a shallow ConvRNN rivals a deeper ' +
      'feed-forward CNN with fewer parameters.',
    equations: [
      'a_l[t] = W_l ∗ y_{l−1}[t−1] + b_l   (y_{−1}[t] = image shown at t)',
      'vanilla: h = f(a + U ∗ h[t−1]);  timeDecay: c = σ(τ)⊙c[t−1] + a, y = f(c)',
      'lstm: [i f o g] = a + U ∗ h[t−1]; c = σ(f)⊙c[t−1] + σ(i)⊙tanh(g); h = σ(o)⊙tanh(c)',
      'gated: c = (1−σ(W_hc∗h[t−1]))⊙a + (1−σ(W_cc∗c[t−1]))⊙c[t−1]; h = (1−σ(W_ch∗c[t−1]))⊙a + (1−σ(W_hh∗h[t−1]))⊙h[t−1]; y = f(h)',
      'y_l = pool(y);  logits = W_out · vec(y_L[T−1]) + b_out;  loss = cross-entropy, minimised by BPTT',
    ],
    references: [
      'Nayebi, Bear, Kubilius, Kar, Ganguli, Sussillo, DiCarlo & Yamins (2018) Task-driven convolutional recurrent models of the visual system. NeurIPS 31',
      'Nayebi et al. (2022) Recurrent connections in the primate ventral visual stream mediate a trade-off between task performance and network size during core object recognition. Neural Computation 34',
      'Shi et al. (2015) Convolutional LSTM network. NeurIPS 28',
      'Linsley, Kim, Veerabadran, Windolf & Serre (2018) Learning long-range spatial dependencies with horizontal gated recurrent units. NeurIPS 31',
    ],
    timeUnit: 'ms',
    fields: {
      response: 'Per-layer mean output (one value per layer)',
      evoked: 'Per-layer RMS difference of the output from the same network shown a blank image: the evoked response',
      logits: 'Readout logits now, one per class',
      label: 'Class of the current trial’s image',
      trialStep: 'Step within the current trial (0…T−1)',
      image: 'What the network sees now (the image, or a blank after the offset), row-major',
      'map0…': 'Feature maps of layer i (side × side × channels, channel last) when featureMaps is on',
    },
    activityField: 'evoked',
  },
  configSchema: convrnnConfigSchema,
  liveSchema: convrnnLiveSchema,
  initialLive: (c) => ({ imageOffStep: c.imageOffStep, noise: c.noise, featureMaps: c.featureMaps }),
  presets: convrnnPresets,
  dt: () => 10,
  inputSize: () => 0,
  size: (c) => geometry(c).reduce((n, g) => n + g.cellSide * g.cellSide * g.channels, 0),
  cost: convRnnBuildCost,
  create: (config, ctx) => createState(config, ctx.rng.fork(), ctx.alloc),
  step(state, config, ctx) {
    const k = state.counters[0]!;
    if (k === 0) {
      // A new trial: rest state, a new image from the session's stream.
      state.counters[1] = taskSample(config, ctx.live.noise, ctx.rng, state.image);
      state.counters[2]!++;
      for (const a of [...state.h, ...state.c, ...state.y]) a.fill(0);
    }
    if (k < ctx.live.imageOffStep) state.input.set(state.image);
    else state.input.fill(0);
    advance(state, config);
    state.counters[0] = (k + 1) % config.timeSteps;
  },
  observe(state, config, live) {
    const obs: Record<string, Float64Array | Float32Array | number> = {
      response: state.response,
      evoked: state.evoked,
      logits: state.logits,
      label: state.counters[1]!,
      trialStep: (state.counters[0]! + config.timeSteps - 1) % config.timeSteps,
      image: state.input,
    };
    if (live.featureMaps) state.y.forEach((y, i) => (obs[`map${i}`] = y.subarray(0, y.length / 2)));
    return obs;
  },
  train: {
    schema: convrnnTrainSchema,
    validate: validateConvRnnTraining,
    cost: convRnnTrainingCost,
    *run(state, config, request, ctx) {
      const result = yield* trainConvRnn(state, config, request, ctx);
      // The next run starts a fresh trial with the trained weights.
      state.counters[0] = 0;
      return result;
    },
  },
  metrics: convrnnMetrics,
  defaultRecord: ['response', 'evoked'],
  metricFields: ['evoked', 'logits', 'label', 'trialStep'],
});

export { parameterCount };
