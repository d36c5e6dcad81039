/**
 * Training the time-delay network.
 *
 * Forward-versus-reversed (a whole-trial label): the trial's decision is the time average of the readout,
 * z = V·[h̄; 1] with h̄ = (1/T)Σₜ h(t) over every window of the trial ("pooling over time", as a TDNN's last layer
 * integrates its evidence, Waibel et al. 1989). Two ways to fit it:
 * - 'ridge': W, b stay random (an extreme learning machine / random-feature net); V by ridge regression of the label
 *   ±1 on the pooled features, one linear solve.
 * - 'gradient': W, b and V all trained by backpropagation of the logistic loss log(1 + e^(−ℓ·z)) through the pooling,
 *   with Adam (Kingma & Ba 2015), in mini-batches.
 * Either way the network cannot use anything outside its window: a window too short to see the order of the
 * syllables leaves the two classes with identical pooled features (see stimuli/forward-reversed.ts), at chance.
 *
 * Sequence regression (a per-step target, as the recurrent kinds' tasks): V by ridge on h(t), after a washout.
 */
import { ridgeFit } from '../../engine/linalg/ridge.js';
import type { Rng } from '../../engine/random/rng.js';
import type { Spectrogram } from '../../stimuli/spectrogram.js';
import type { Trial } from '../../stimuli/forward-reversed.js';
import { pooledHiddenBatch } from './pooling.js';
import { featureCount, hiddenLayer, nonlinearityDerivative, pushInput, type TdnnWeights } from './window.js';

/**
 * Pooled features (1/T)Σₜ features(t) of one trial, from an empty window. With a hidden layer, the pre-activations
 * of all T window positions are one matrix product X·Wᵀ on the shared GEMM kernel (pooling.ts).
 */
export function pooledFeatures(n: TdnnWeights, s: Spectrogram, out: Float64Array): Float64Array {
  if (n.hidden > 0) return pooledHiddenBatch(n, [s], out);
  const f = featureCount(n);
  const T = s.bins;
  const C = n.channels;
  out.fill(0, 0, f);
  const x = new Float64Array(n.window * C);
  for (let t = 0; t < T; t++) {
    pushInput(x, s.data.subarray(t * C, (t + 1) * C), C);
    for (let j = 0; j < f; j++) out[j]! += x[j]! / T;
  }
  return out;
}

/**
 * Pooled features of many trials (`out[k·f + j]`, f = featureCount): the same values as `pooledFeatures` trial by
 * trial; with a hidden layer W is packed for the GEMM once for the batch instead of once per trial.
 */
export function pooledFeaturesMany(n: TdnnWeights, trials: readonly Spectrogram[], out = new Float64Array(trials.length * featureCount(n))): Float64Array {
  const f = featureCount(n);
  if (n.hidden > 0) return pooledHiddenBatch(n, trials, out);
  trials.forEach((s, k) => pooledFeatures(n, s, out.subarray(k * f, (k + 1) * f)));
  return out;
}

/** Decision value z of every trial. */
export function trialScores(n: TdnnWeights, trials: Trial[]): Float64Array {
  return scoresFrom(n, pooledFeaturesMany(n, trials.map((t) => t.spectrogram)), trials.length);
}

/** Decision values z = v·features + v_bias of `count` trials whose pooled features are already computed. */
export function scoresFrom(n: TdnnWeights, feats: Float64Array, count: number): Float64Array {
  const f = featureCount(n);
  const z = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = n.v[f]!;
    for (let j = 0; j < f; j++) s += n.v[j]! * feats[k * f + j]!;
    z[k] = s;
  }
  return z;
}

export function accuracy(z: Float64Array, trials: Trial[]): number {
  let ok = 0;
  trials.forEach((t, k) => {
    if ((z[k]! >= 0 ? 1 : -1) === t.label) ok++;
  });
  return ok / trials.length;
}

/** Fit V by ridge on [features, 1] (λ relative to the mean feature power, so it is scale-free). */
export function ridgeReadout(x: Float64Array, rows: number, features: number, y: Float64Array, outputs: number, lambda: number): Float64Array {
  const cols = features + 1;
  const withBias = new Float64Array(rows * cols);
  let power = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < features; j++) {
      const v = x[r * features + j]!;
      withBias[r * cols + j] = v;
      power += v * v;
    }
    withBias[r * cols + features] = 1;
  }
  const scale = Math.max(power / (rows * features), 1e-12) * rows;
  return ridgeFit(withBias, rows, cols, y, outputs, { lambda: lambda * scale }).weights;
}

/** Fit the readout v by ridge regression on the training trials' pooled features; returns those features (W and b are
 * unchanged, so they are still the trials' features for scoring). */
export function fitForwardReversedRidge(n: TdnnWeights, train: Trial[], lambda: number): Float64Array {
  const f = featureCount(n);
  const x = pooledFeaturesMany(n, train.map((t) => t.spectrogram));
  const y = new Float64Array(train.length);
  train.forEach((t, k) => {
    y[k] = t.label;
  });
  n.v.set(ridgeReadout(x, train.length, f, y, 1, lambda).subarray(0, f + 1));
  return x;
}

export interface GradientOptions {
  epochs: number;
  learningRate: number;
  batch: number;
  rng: Rng;
  onEpoch?(epoch: number, loss: number): boolean;
}

/** Backprop through the time-pooled network with Adam; returns the mean training loss per epoch. */
export function fitForwardReversedGradient(n: TdnnWeights, train: Trial[], o: GradientOptions): number[] {
  const H = n.hidden;
  const D = n.window * n.channels;
  const f = featureCount(n);
  const params = H > 0 ? [n.w, n.b, n.v] : [n.v];
  const grads = params.map((p) => new Float64Array(p.length));
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  const maxBins = Math.max(...train.map((t) => t.spectrogram.bins));
  const xs = new Float64Array(maxBins * D);
  const as = new Float64Array(maxBins * Math.max(1, H));
  const hs = new Float64Array(maxBins * Math.max(1, H));
  const pooled = new Float64Array(f);
  const order = Array.from({ length: train.length }, (_, i) => i);
  const losses: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    o.rng.shuffle(order);
    let lossSum = 0;
    for (let b0 = 0; b0 < order.length; b0 += o.batch) {
      for (const g of grads) g.fill(0);
      const batch = order.slice(b0, b0 + o.batch);
      for (const k of batch) {
        const tr = train[k]!;
        const T = tr.spectrogram.bins;
        // forward: keep every window, pre-activation and activation for the backward pass
        const x = new Float64Array(D);
        pooled.fill(0);
        for (let t = 0; t < T; t++) {
          pushInput(x, tr.spectrogram.data.subarray(t * n.channels, (t + 1) * n.channels), n.channels);
          xs.set(x, t * D);
          const feat = hiddenLayer(n, x, hs.subarray(t * H, (t + 1) * H), as.subarray(t * H, (t + 1) * H));
          for (let j = 0; j < f; j++) pooled[j]! += feat[j]! / T;
        }
        let z = n.v[f]!;
        for (let j = 0; j < f; j++) z += n.v[j]! * pooled[j]!;
        const yz = tr.label * z;
        lossSum += yz > 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
        const dz = -tr.label / (1 + Math.exp(yz)); // ∂loss/∂z
        const gv = grads[params.length - 1]!;
        for (let j = 0; j < f; j++) gv[j]! += dz * pooled[j]!;
        gv[f]! += dz;
        if (H === 0) continue;
        const gw = grads[0]!;
        const gb = grads[1]!;
        for (let t = 0; t < T; t++) {
          for (let i = 0; i < H; i++) {
            const delta = ((dz * n.v[i]!) / T) * nonlinearityDerivative(n.nonlinearity, as[t * H + i]!, hs[t * H + i]!);
            if (delta === 0) continue;
            gb[i]! += delta;
            const row = i * D;
            const xo = t * D;
            for (let j = 0; j < D; j++) gw[row + j]! += delta * xs[xo + j]!;
          }
        }
      }
      step++;
      const c1 = 1 - Math.pow(beta1, step);
      const c2 = 1 - Math.pow(beta2, step);
      params.forEach((p, pi) => {
        const g = grads[pi]!;
        const a = m1[pi]!;
        const s = m2[pi]!;
        for (let j = 0; j < p.length; j++) {
          const gj = g[j]! / batch.length;
          a[j] = beta1 * a[j]! + (1 - beta1) * gj;
          s[j] = beta2 * s[j]! + (1 - beta2) * gj * gj;
          p[j]! -= (o.learningRate * (a[j]! / c1)) / (Math.sqrt(s[j]! / c2) + 1e-8);
        }
      });
    }
    losses.push(lossSum / order.length);
    if (o.onEpoch && !o.onEpoch(epoch, losses.at(-1)!)) break;
  }
  return losses;
}

/** Per-step features over an input sequence (steps × channels), from an empty window. */
export function sequenceFeatures(n: TdnnWeights, inputs: number[][]): Float64Array {
  const f = featureCount(n);
  const x = new Float64Array(n.window * n.channels);
  const h = new Float64Array(Math.max(1, n.hidden));
  const out = new Float64Array(inputs.length * f);
  inputs.forEach((u, t) => {
    pushInput(x, u, n.channels);
    out.set(hiddenLayer(n, x, h).subarray(0, f), t * f);
  });
  return out;
}
