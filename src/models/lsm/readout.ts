/**
 * The LSM readout (Maass, Natschläger & Markram 2002, §3): memoryless and linear, y = W·[x(t); 1], where x(t) is the
 * liquid state, every neuron's spike train low-pass filtered with τ = 30 ms. Fitted by ridge regression.
 */
import { ridgeFit } from '../../engine/linalg/ridge.js';
import type { LsmConfig } from './config.js';
import { syncTraces, type LiquidState } from './liquid.js';

/** Copy the liquid state [x(t); 1] into `out` at `offset` (n + 1 values). */
export function readFeatures(s: LiquidState, c: LsmConfig, out: Float64Array, offset: number): void {
  syncTraces(s, c);
  const { n, trace } = s;
  for (let i = 0; i < n; i++) out[offset + i] = trace[i]!;
  out[offset + n] = 1;
}

/** y = W·[x; 1] into `out` (one value per readout). */
export function readoutOutput(s: LiquidState, c: LsmConfig, weights: Float64Array, out: Float64Array): void {
  syncTraces(s, c);
  const { n, trace } = s;
  const f = n + 1;
  for (let o = 0; o < out.length; o++) {
    let acc = weights[o * f + n]!;
    for (let i = 0; i < n; i++) acc += weights[o * f + i]! * trace[i]!;
    out[o] = acc;
  }
}

/** Fit W (outputs × (n+1)) to targets by ridge regression; returns the weights and the condition estimate. */
export function fitReadout(x: Float64Array, rows: number, features: number, y: Float64Array, outputs: number, lambda: number) {
  return ridgeFit(x, rows, features, y, outputs, { lambda, solver: lambda > 0 ? 'cholesky' : 'qr' });
}

/** Class decision for a readout trained on template indices 0 … classes−1: the nearest index. */
export function decide(y: number, classes: number): number {
  return Math.min(classes - 1, Math.max(0, Math.round(y)));
}
