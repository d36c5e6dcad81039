/**
 * The ConvRNN as a computation: geometry, parameters (plain Float32Arrays, seeded from our Rng) and the unrolled
 * forward pass in TensorFlow.js, used alike by `step` (one time step, batch 1) and by `train` (T steps, a batch,
 * differentiated by tf's autodiff for backpropagation through time).
 *
 * Time (Nayebi et al. 2018, §3): one step is one synaptic delay (~10 ms). Layer l at step t receives the output of
 * layer l−1 at step t−1 (layer 0 receives the image at step t), so a signal needs l steps to reach layer l and the
 * responses of deeper layers rise later.
 */
import type { Rng } from '../../engine/random/rng.js';
import type { Alloc } from '../../engine/alloc.js';
import { cellParams, cellStep, driveChannels, hasMemory, type CellState, type ParamSpec, type T4 } from './cells.js';
import type { ConvRnnConfig } from './config.js';
import { tf } from './tf-backend.js';

export interface LayerGeometry {
  inSide: number;
  inChannels: number;
  /** Side of the cell's state (after the strided convolution, before pooling). */
  cellSide: number;
  /** Side of the layer output (after pooling). */
  outSide: number;
  channels: number;
}

export function geometry(config: ConvRnnConfig): LayerGeometry[] {
  const out: LayerGeometry[] = [];
  let side = config.imageSize;
  let ch = 1;
  for (const l of config.layers) {
    const cellSide = Math.ceil(side / l.stride);
    const outSide = l.pool === 'none' ? cellSide : Math.floor(cellSide / l.poolSize);
    out.push({ inSide: side, inChannels: ch, cellSide, outSide, channels: l.channels });
    side = outSide;
    ch = l.channels;
  }
  return out;
}

export function readoutDim(config: ConvRnnConfig): number {
  const g = geometry(config).at(-1)!;
  return g.outSide * g.outSide * g.channels;
}

/** Every parameter of the network in a fixed order: per layer the drive and the cell's, then the readout. */
export function paramSpecs(config: ConvRnnConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  geometry(config).forEach((g, i) => {
    const l = config.layers[i]!;
    const dc = driveChannels(l.cell, l.channels);
    const fanIn = l.kernel * l.kernel * g.inChannels;
    specs.push({ name: `l${i}.W`, shape: [l.kernel, l.kernel, g.inChannels, dc], init: { type: 'normal', sd: config.weightGain * Math.sqrt(2 / fanIn) } });
    specs.push({ name: `l${i}.b`, shape: [dc], init: { type: 'constant', value: 0 } });
    for (const s of cellParams(l.cell, l.channels, l.recurrentKernel, config.recurrentGain)) specs.push({ ...s, name: `l${i}.${s.name}` });
  });
  const d = readoutDim(config);
  specs.push({ name: 'out.W', shape: [d, config.classes], init: { type: 'normal', sd: 1 / Math.sqrt(d) } });
  specs.push({ name: 'out.b', shape: [config.classes], init: { type: 'constant', value: 0 } });
  return specs;
}

export function parameterCount(config: ConvRnnConfig): number {
  return paramSpecs(config).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Parameters as plain shared arrays, drawn from one forked stream per parameter (order-independent draws). */
export function initParams(config: ConvRnnConfig, rng: Rng, alloc: Alloc): Record<string, Float32Array> {
  const params: Record<string, Float32Array> = {};
  for (const s of paramSpecs(config)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const arr = alloc.f32(n);
    const r = rng.fork();
    if (s.init.type === 'normal') for (let i = 0; i < n; i++) arr[i] = r.normal(0, s.init.sd);
    else arr.fill(s.init.value);
    params[s.name] = arr;
  }
  // ConvLSTM: forget-gate bias 1 so the memory is kept at the start (Gers et al. 2000).
  config.layers.forEach((l, i) => {
    if (l.cell === 'lstm') params[`l${i}.b`]!.fill(1, l.channels, 2 * l.channels);
  });
  return params;
}

export type TensorParams = Record<string, tf.Tensor>;

/** tf tensors of the parameters (copies; the caller disposes them or wraps the use in tf.tidy). */
export function toTensors(config: ConvRnnConfig, params: Record<string, Float32Array>): TensorParams {
  const out: TensorParams = {};
  for (const s of paramSpecs(config)) out[s.name] = tf.tensor(params[s.name]!, s.shape, 'float32');
  return out;
}

export interface NetState {
  cells: CellState[];
  /** Layer outputs y (after pooling) of the last step. */
  outputs: T4[];
}

export function zeroState(config: ConvRnnConfig, batch: number): NetState {
  const geo = geometry(config);
  return {
    cells: geo.map((g, i) => ({
      h: tf.zeros([batch, g.cellSide, g.cellSide, g.channels]) as T4,
      c: hasMemory(config.layers[i]!.cell) ? (tf.zeros([batch, g.cellSide, g.cellSide, g.channels]) as T4) : null,
    })),
    outputs: geo.map((g) => tf.zeros([batch, g.outSide, g.outSide, g.channels]) as T4),
  };
}

/** One time step of every layer at once, each from the previous step's outputs (one delay per layer). */
export function stepNetwork(config: ConvRnnConfig, p: TensorParams, image: T4, prev: NetState): NetState {
  const cells: CellState[] = [];
  const outputs: T4[] = [];
  config.layers.forEach((l, i) => {
    const x = i === 0 ? image : prev.outputs[i - 1]!;
    const a = tf.add(tf.conv2d(x, p[`l${i}.W`] as tf.Tensor4D, l.stride, 'same'), p[`l${i}.b`]!) as T4;
    const { state, y } = cellStep(l.cell, a, prev.cells[i]!, (n) => p[`l${i}.${n}`]!, config.activation);
    cells.push(state);
    const pooled =
      l.pool === 'max' ? tf.maxPool(y, l.poolSize, l.poolSize, 'valid') : l.pool === 'avg' ? tf.avgPool(y, l.poolSize, l.poolSize, 'valid') : y;
    outputs.push(pooled as T4);
  });
  return { cells, outputs };
}

export function readout(config: ConvRnnConfig, p: TensorParams, last: T4): tf.Tensor2D {
  const flat = tf.reshape(last, [last.shape[0], -1]) as tf.Tensor2D;
  return tf.add(tf.matMul(flat, p['out.W'] as tf.Tensor2D), p['out.b']!) as tf.Tensor2D;
}

/**
 * Unroll T steps on a batch of images [B, S, S, 1], shown for steps 0…imageOffStep−1 and blank after. Returns the
 * logits averaged over the last `readoutSteps` steps. Call inside tf.tidy or a gradient function.
 */
export function unroll(
  config: ConvRnnConfig,
  p: TensorParams,
  images: T4,
  imageOffStep: number,
  onStep?: (t: number, s: NetState) => void,
): tf.Tensor2D {
  const T = config.timeSteps;
  const blank = tf.zerosLike(images);
  let s = zeroState(config, images.shape[0]);
  let sum: tf.Tensor2D | null = null;
  for (let t = 0; t < T; t++) {
    s = stepNetwork(config, p, t < imageOffStep ? images : blank, s);
    onStep?.(t, s);
    if (t >= T - config.readoutSteps) {
      const z = readout(config, p, s.outputs.at(-1)!);
      sum = sum ? (tf.add(sum, z) as tf.Tensor2D) : z;
    }
  }
  return tf.div(sum!, config.readoutSteps);
}

/** Mean softmax cross-entropy of the unrolled network's logits against integer labels. */
export function lossOf(config: ConvRnnConfig, p: TensorParams, images: T4, labels: tf.Tensor1D, imageOffStep: number): tf.Scalar {
  const logits = unroll(config, p, images, imageOffStep);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, config.classes), logits) as tf.Scalar;
}
