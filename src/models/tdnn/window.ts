/**
 * The time-delay network's forward pass (Waibel et al. 1989; the lecture's "consider time as different inputs"):
 *   x(t) = [u(t), u(t−1), …, u(t−w+1)]            the window: the last w input slices side by side
 *   h(t) = f(W·x(t) + b)                             a feed-forward hidden layer (fixed random, or trained)
 *   y(t) = V·[h(t); 1]                                the readout
 * Nothing outside the window reaches y: the network has no state beyond these w bins.
 */
import { matVec } from '../../engine/linalg/dense.js';
import { applyNonlinearity, type NonlinearityName } from '../../engine/nonlinearity.js';

export interface TdnnWeights {
  window: number;
  channels: number;
  hidden: number;
  outputs: number;
  nonlinearity: NonlinearityName;
  /** W, hidden × (window·channels), lag-major columns (column τ·channels + c sees u(t−τ) in channel c). */
  w: Float64Array;
  b: Float64Array;
  /** V, outputs × (features + 1): the last column is the bias. */
  v: Float64Array;
}

/** Features the readout sees: the hidden layer, or the raw window when there is none. */
export const featureCount = (n: TdnnWeights): number => (n.hidden > 0 ? n.hidden : n.window * n.channels);

/** Shift the window by one bin and put the new slice at lag 0. */
export function pushInput(x: Float64Array, slice: ArrayLike<number>, channels: number): void {
  x.copyWithin(channels, 0, x.length - channels);
  for (let c = 0; c < channels; c++) x[c] = slice[c]!;
}

/** Hidden activity (pre-activation into `a` when given, for backprop) from the window x. */
export function hiddenLayer(n: TdnnWeights, x: Float64Array, h: Float64Array, a?: Float64Array): Float64Array {
  if (n.hidden === 0) return x;
  matVec(n.w, n.hidden, n.window * n.channels, x, h);
  for (let i = 0; i < n.hidden; i++) h[i]! += n.b[i]!;
  if (a) a.set(h);
  applyNonlinearity(n.nonlinearity, h);
  return h;
}

/** y = V·[features; 1]. */
export function readout(n: TdnnWeights, features: Float64Array, y: Float64Array): void {
  const f = featureCount(n);
  for (let o = 0; o < n.outputs; o++) {
    const off = o * (f + 1);
    let s = n.v[off + f]!;
    for (let j = 0; j < f; j++) s += n.v[off + j]! * features[j]!;
    y[o] = s;
  }
}

/** f'(a) from the pre-activation a and the activation h = f(a). */
export function nonlinearityDerivative(name: NonlinearityName, a: number, h: number): number {
  switch (name) {
    case 'tanh':
      return 1 - h * h;
    case 'sigmoid':
      return h * (1 - h);
    case 'relu':
      return a > 0 ? 1 : 0;
    case 'linear':
      return 1;
    case 'step':
      return 0;
  }
}
