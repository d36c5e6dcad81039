/**
 * Leaky integrate-and-fire and first-order synapse updates (Gerstner et al., Neuronal Dynamics §1.3; Brette et al.
 * 2007 for the exact-integration scheme), in WebAssembly when the arrays live in its memory, else the JS twin.
 *
 * Membrane, exact for input constant over a step: v ← vRest + (v − vRest)·α + β·I, α = e^(−dt/τm), β = R(1 − α).
 * Refractory: while ref > 0, ref −= dt and v = vReset. Spike when v ≥ vTh: v = vReset, ref = tRef.
 * Synapses: I ← I·e^(−dt/τs), then I += W[j, :] for every neuron j that spiked (row = presynaptic), in spike order.
 */
import { kernels, heapOffset } from '../wasm/heap.js';

export interface LifParams {
  /** e^(−dt/τm). */
  alpha: number;
  /** R·(1 − α). */
  beta: number;
  vRest: number;
  vTh: number;
  vReset: number;
  /** Refractory period (same unit as dt). */
  tRef: number;
  dt: number;
}

/** One step for n neurons; writes the indices of the neurons that spiked into `spikes` and returns their count. */
export function lifStep(v: Float64Array, current: Float64Array, refractory: Float64Array, n: number, p: LifParams, spikes: Int32Array): number {
  const pv = heapOffset(v);
  const pc = heapOffset(current);
  const pr = heapOffset(refractory);
  const ps = heapOffset(spikes);
  if (pv >= 0 && pc >= 0 && pr >= 0 && ps >= 0) {
    if (v.length < n || current.length < n || refractory.length < n || spikes.length < n) throw new RangeError('lifStep: arrays shorter than n');
    return kernels.lif_step_f64(pv, pc, pr, n, p.alpha, p.beta, p.vRest, p.vTh, p.vReset, p.tRef, p.dt, ps);
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const r = refractory[i]!;
    if (r > 0) {
      refractory[i] = r - p.dt;
      v[i] = p.vReset;
    } else {
      let x = p.vRest + (v[i]! - p.vRest) * p.alpha + p.beta * current[i]!;
      if (x >= p.vTh) {
        x = p.vReset;
        refractory[i] = p.tRef;
        spikes[count++] = i;
      }
      v[i] = x;
    }
  }
  return count;
}

/** out += Σ_k W[idx[k], :] for k < count (W rows × cols row-major; rows added in order). */
export function addRows(w: Float64Array, cols: number, idx: Int32Array, count: number, out: Float64Array): void {
  const pw = heapOffset(w);
  const pi = heapOffset(idx);
  const po = heapOffset(out);
  if (pw >= 0 && pi >= 0 && po >= 0) {
    const rows = Math.floor(w.length / Math.max(1, cols));
    if (out.length < cols || idx.length < count) throw new RangeError('addRows: shapes do not match');
    for (let k = 0; k < count; k++) if (!(idx[k]! >= 0 && idx[k]! < rows)) throw new RangeError(`addRows: row ${idx[k]} out of range`);
    kernels.add_rows_f64(pw, cols, pi, count, po);
    return;
  }
  for (let k = 0; k < count; k++) {
    const off = idx[k]! * cols;
    for (let j = 0; j < cols; j++) out[j]! += w[off + j]!;
  }
}

/** x ← x·factor elementwise (e.g. synaptic decay e^(−dt/τs)). */
export function scaleInPlace(x: Float64Array, n: number, factor: number): void {
  const p = heapOffset(x);
  if (p >= 0 && x.length >= n) {
    kernels.scale_f64(p, n, factor);
    return;
  }
  for (let i = 0; i < n; i++) x[i]! *= factor;
}
