import { describe, expect, it } from 'vitest';
import { convrnn } from '../../src/models/convrnn/convrnn.js';
import { cellTypes, type CellType, type ConvRnnConfig, type LayerConfig } from '../../src/models/convrnn/config.js';
import { lossOf, paramSpecs, parameterCount, toTensors } from '../../src/models/convrnn/network.js';
import { generateSet } from '../../src/models/convrnn/dataset.js';
import { tf, tfBackend } from '../../src/models/convrnn/tf-backend.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { plainAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';
import type { ConvRnnState } from '../../src/models/convrnn/state.js';
import { runToEnd } from '../../src/engine/training.js';

const cfg = (over: Partial<ConvRnnConfig>): ConvRnnConfig => convrnn.configSchema.parse(over);
const layer = (cell: CellType, over: Partial<LayerConfig> = {}): LayerConfig => ({
  channels: 3,
  kernel: 3,
  stride: 1,
  pool: 'none',
  poolSize: 2,
  cell,
  recurrentKernel: 3,
  ...over,
});
const trainCtx = (rng: Rng, cancelAfter = Infinity) => {
  let calls = 0;
  return { rng, alloc: plainAlloc, progress: () => void calls++, cancelled: () => calls >= cancelAfter };
};

describe('convrnn backend', () => {
  it('runs on the WebAssembly backend', () => {
    expect(tfBackend).toBe('wasm');
  });

  it('our wasm convolution gradients (weights: im2col·dY; input: rotated-kernel convolution) equal tfjs cpu’s', async () => {
    // [side, stride, kernel, in channels, out channels]: strides 1 and 2, kernels 1, 3 and 5, 'same' padding.
    for (const [side, s, k, ci, co] of [[12, 2, 3, 1, 3], [9, 2, 5, 2, 3], [8, 1, 3, 4, 5], [7, 1, 1, 3, 2], [9, 1, 5, 2, 3]] as const) {
      const rng = Rng.fromSeed(side * 31 + k);
      const arr = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
      const x = arr(2 * side * side * ci);
      const w = arr(k * k * ci * co);
      const o = Math.ceil(side / s);
      const dy = arr(2 * o * o * co);
      const grads = () =>
        tf.tidy(() => {
          const yT = tf.tensor4d(dy, [2, o, o, co]);
          const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, s, 'same'), yT)) as tf.Scalar;
          return tf.grads(f)([tf.tensor4d(x, [2, side, side, ci]), tf.tensor4d(w, [k, k, ci, co])]).map((g) => Float32Array.from(g.dataSync()));
        });
      const [gx, gw] = grads();
      await tf.setBackend('cpu');
      const [rx, rw] = grads();
      await tf.setBackend('wasm');
      // float32 sums of ≤ 2·9·9 products of N(0,1) numbers: round-off well under 1e-4.
      for (let i = 0; i < gx!.length; i++) expect(Math.abs(gx![i]! - rx![i]!)).toBeLessThan(1e-4);
      for (let i = 0; i < gw!.length; i++) expect(Math.abs(gw![i]! - rw![i]!)).toBeLessThan(1e-4);
    }
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('convrnn gradients (BPTT by tf autodiff) match central finite differences', () => {
  // A tiny net of two layers of the same cell (strided conv and average pooling in layer 0), smooth tanh, T = 4:
  // for every parameter tensor θ_k the directional derivative ∇L·v along a random unit v must equal
  // (L(θ+εv) − L(θ−εv)) / 2ε up to O(ε²) truncation and float32 round-off (~1e-7·L/ε).
  for (const cell of cellTypes) {
    it(`cell ${cell}`, () => {
      const c = cfg({
        imageSize: 12,
        classes: 3,
        timeSteps: 4,
        activation: 'tanh',
        recurrentGain: 1,
        layers: [layer(cell, { stride: 2, pool: 'avg' }), layer(cell)],
        task: { type: 'glyphs', chars: 'ABC', scale: 1, maxShift: 2 },
      });
      const rng = Rng.fromSeed(11);
      const state = convrnn.create(c, { rng, alloc: plainAlloc });
      const set = generateSet(c, 3, rng.fork());
      const before = tf.memory().numTensors;
      // Non-zero biases, so that gates and biases are tested away from their initial values.
      for (const s of paramSpecs(c)) if (s.init.type === 'constant') state.params[s.name]!.forEach((_, i, a) => (a[i] = rng.normal(0, 0.3)));
      const x = tf.tensor4d(set.images, [3, 12, 12, 1]);
      const y = tf.tensor1d(set.labels, 'int32');
      const specs = paramSpecs(c);
      const loss = (params: Record<string, Float32Array>) => tf.tidy(() => lossOf(c, toTensors(c, params), x, y, 3).dataSync()[0]!);
      const grads = tf.tidy(() => {
        const p = toTensors(c, state.params);
        const names = specs.map((s) => s.name);
        const g = tf.grads((...ts: tf.Tensor[]) => lossOf(c, Object.fromEntries(names.map((n, i) => [n, ts[i]!])), x, y, 3))(names.map((n) => p[n]!));
        return g.map((t) => t.dataSync() as Float32Array);
      });
      const eps = 1e-2;
      let checked = 0;
      specs.forEach((s, k) => {
        const v = Float32Array.from(state.params[s.name]!, () => rng.normal());
        const norm = Math.hypot(...v);
        v.forEach((_, i) => (v[i]! /= norm));
        let analytic = 0;
        for (let i = 0; i < v.length; i++) analytic += grads[k]![i]! * v[i]!;
        const shifted = (sign: number) => ({ ...state.params, [s.name]: Float32Array.from(state.params[s.name]!, (w, i) => w + sign * eps * v[i]!) });
        const numeric = (loss(shifted(1)) - loss(shifted(-1))) / (2 * eps);
        expect(Math.abs(analytic - numeric), `${s.name}: ${analytic} vs ${numeric}`).toBeLessThan(3e-4 + 0.02 * Math.abs(numeric));
        checked++;
      });
      expect(checked).toBe(specs.length);
      x.dispose();
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('convrnn temporal protocol (Nayebi et al. 2018: image off after step 12)', () => {
  function trial(layers: LayerConfig[], T = 24, off = 12) {
    const c = cfg({ timeSteps: T, imageOffStep: off, layers, task: { type: 'glyphs', chars: 'AB', scale: 1, maxShift: 2 } });
    const rt = createRuntime(convrnn, c, 5);
    const memory: number[] = [];
    const out = runSimulation(convrnn, c, rt, { steps: T, record: ['evoked', 'response'] }, {
      beforeStep: () => true,
      onFrame: () => {
        // RMS difference of the layer-0 cell state between the image network and its blank twin.
        const h = (rt.state as ConvRnnState).h[0]!;
        const n = h.length / 2;
        let sq = 0;
        for (let i = 0; i < n; i++) sq += (h[i]! - h[n + i]!) ** 2;
        memory.push(Math.sqrt(sq / n));
      },
    });
    const L = layers.length;
    const ev = out.recording.fields.evoked!.data;
    return { evoked: (l: number, t: number) => ev[t * L + l]!, memory, metrics: out.metrics };
  }

  it('a feed-forward layer returns to rest the step the image goes off (no memory)', () => {
    const { evoked, metrics } = trial([layer('none', { channels: 8 }), layer('none', { channels: 8 })]);
    expect(evoked(0, 11)).toBeGreaterThan(0.05);
    for (let t = 12; t < 24; t++) expect(evoked(0, t)).toBe(0);
    // Layer 1 is one delay later: driven up to step 12, at rest from step 13.
    expect(evoked(1, 12)).toBeGreaterThan(0.05);
    for (let t = 13; t < 24; t++) expect(evoked(1, t)).toBe(0);
    expect((metrics.persistence1 as number[])[0]).toBe(0);
  });

  it('a time-decay layer forgets exactly as σ(τ)^k after the offset (τ = 1 at initialisation)', () => {
    const { memory } = trial([layer('timeDecay', { channels: 8 })]);
    const d = 1 / (1 + Math.exp(-1));
    for (let t = 12; t < 23; t++) expect(memory[t + 1]! / memory[t]!).toBeCloseTo(d, 4);
  });

  for (const cell of ['vanilla', 'timeDecay', 'lstm', 'gated'] as const) {
    it(`a ${cell} layer decays gradually after the offset`, () => {
      const { evoked } = trial([layer(cell, { channels: 8 })]);
      const driven = evoked(0, 11);
      expect(driven).toBeGreaterThan(0.02);
      // Still clearly active one step after the offset, then falling step by step towards rest.
      expect(evoked(0, 12) / driven).toBeGreaterThan(0.1);
      for (let t = 13; t < 20; t++) expect(evoked(0, t)).toBeLessThan(evoked(0, t - 1) * 1.0001);
      expect(evoked(0, 23)).toBeLessThan(0.5 * evoked(0, 12));
      expect(evoked(0, 23)).toBeGreaterThan(0);
    });
  }
});

describe('convrnn reproducibility and bookkeeping', () => {
  it('the same seed gives bit-identical runs and training', () => {
    const c = cfg({ imageSize: 12, timeSteps: 6, imageOffStep: 4, layers: [layer('gated'), layer('lstm', { pool: 'max' })] });
    const go = () => {
      const rt = createRuntime(convrnn, c, 42);
      const run = runSimulation(convrnn, c, rt, { steps: 14, record: ['evoked', 'logits', 'image'] });
      const tr = runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, convrnn.train!.schema.parse({ epochs: 1, trainSize: 16, testSize: 8, batchSize: 8 }), trainCtx(Rng.fromSeed(3)), rt.live as never));
      return { run, tr, w: Float32Array.from((rt.state as ConvRnnState).params['l0.W']!) };
    };
    const a = go();
    const b = go();
    expect(a.run.recording.fields.evoked!.data).toEqual(b.run.recording.fields.evoked!.data);
    expect(a.run.recording.fields.image!.data).toEqual(b.run.recording.fields.image!.data);
    expect(a.tr.metrics).toEqual(b.tr.metrics);
    expect(a.w).toEqual(b.w);
  });

  it('counts parameters as the sum of the tensors’ sizes', () => {
    // Default: layer 0 gated 1→8 (3·3·1·8 + 8 + 4·(3·3·8·8) + 4·8), layer 1 gated 8→8, readout 4·4·8 → 2.
    const c = cfg({});
    const gatedRec = 4 * (9 * 64) + 4 * 8;
    expect(parameterCount(c)).toBe(9 * 8 + 8 + gatedRec + (9 * 64 + 8) + gatedRec + 128 * 2 + 2);
  });

  it('rejects a stack whose feature map shrinks to nothing, naming the layer', () => {
    const r = convrnn.configSchema.safeParse({ imageSize: 8, layers: [layer('none', { pool: 'max', poolSize: 4 }), layer('none', { stride: 4, pool: 'max', poolSize: 4 })] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['layers', 1]);
  });

  it('step and train leave no tf tensors behind', () => {
    const c = cfg({ imageSize: 12, timeSteps: 5, layers: [layer('lstm'), layer('gated')] });
    const rt = createRuntime(convrnn, c, 1);
    const before = tf.memory().numTensors;
    runSimulation(convrnn, c, rt, { steps: 7 });
    runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, convrnn.train!.schema.parse({ epochs: 1, trainSize: 8, testSize: 4, batchSize: 4 }), trainCtx(Rng.fromSeed(1)), rt.live as never));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('convrnn training by BPTT', () => {
  it('learns the glyph task well above chance and reports curves', { timeout: 120_000 }, () => {
    const c = cfg({ classes: 4, task: { type: 'glyphs', chars: 'ABCD', scale: 1, maxShift: 2 }, timeSteps: 4, noise: 0.1 });
    const rt = createRuntime(convrnn, c, 7);
    const req = convrnn.train!.schema.parse({ epochs: 4, trainSize: 160, testSize: 128, batchSize: 16, learningRate: 0.01 });
    const res = runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, req, trainCtx(Rng.fromSeed(2)), rt.live as never));
    expect(res.curves!.loss).toHaveLength(4);
    expect(res.curves!.loss[3]!).toBeLessThan(res.curves!.loss[0]!);
    // Chance is 1/4; binomial sd on 128 test images is ≈ 0.04, so 0.6 is far above chance.
    expect(res.metrics.testAccuracy as number).toBeGreaterThan(0.6);
  });

  it('stops when cancelled and keeps the weights usable', () => {
    const c = cfg({ imageSize: 12, timeSteps: 4, layers: [layer('gated')] });
    const rt = createRuntime(convrnn, c, 9);
    const req = convrnn.train!.schema.parse({ epochs: 50, trainSize: 64, testSize: 8, batchSize: 8 });
    const res = runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, req, trainCtx(Rng.fromSeed(1), 3), rt.live as never));
    expect(res.metrics.cancelled).toBe(true);
    expect(res.metrics.epochs).toBe(0);
    for (const w of Object.values((rt.state as ConvRnnState).params)) for (const v of w) expect(Number.isFinite(v)).toBe(true);
  });

  it('trains on an uploaded image set and refuses images of the wrong size', () => {
    const c = cfg({ imageSize: 8, timeSteps: 3, layers: [layer('vanilla')] });
    const rt = createRuntime(convrnn, c, 9);
    // Two classes: bright left half or bright right half.
    const images = Array.from({ length: 40 }, (_, i) => Array.from({ length: 64 }, (_, p) => ((p % 8 < 4) === (i % 2 === 0) ? 1 : 0)));
    const labels = images.map((_, i) => i % 2);
    const req = convrnn.train!.schema.parse({ epochs: 5, batchSize: 8, learningRate: 0.02, data: { images, labels, testFraction: 0.25 } });
    const res = runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, req, trainCtx(Rng.fromSeed(1)), rt.live as never));
    expect(res.metrics.trainImages).toBe(30);
    expect(res.metrics.testAccuracy).toBe(1);
    const bad = convrnn.train!.schema.parse({ data: { images: [[1, 2], [3, 4]], labels: [0, 1] } });
    expect(() => runToEnd(convrnn.train!.run(rt.state as ConvRnnState, c, bad, trainCtx(Rng.fromSeed(1)), rt.live as never))).toThrow(/64/);
  });
});
