/**
 * Asynchronous field updates of binary networks: Hopfield (1982) sign updates and Glauber/Gibbs sampling of a
 * Boltzmann machine (Hinton & Sejnowski 1983), in one kernel.
 *
 * For each visit v (in order): i = order[v], h = W_i·s (8-lane dot, see dense.ts) + bias_i; θ = thresholds[v]
 * (or 0); d = h − θ; s_i = high if d > tie, low if d < −tie, unchanged otherwise (a tie keeps the state). Each visit
 * sees every earlier update.
 * - Hopfield: θ = 0, high = 1, low = −1, tie = the network's rounding band (src/models/attractor/dynamics.ts
 *   tieTolerance), so an exactly zero field is a tie whatever the rounding of its sum.
 * - Gibbs at inverse temperature β (spins ±1, P(s_i = 1) = σ(2βh)): draw u ~ U(0,1) per visit from the session's
 *   rng and pass θ_v = logit(u)/(2β); then u < σ(2βh) ⇔ h > θ_v. For 0/1 units with P = σ(βh): θ_v = logit(u)/β.
 */
import { kernels, heapOffset, heap, scratch, aligned } from '../wasm/heap.js';
import { dot8 } from './dense.js';

export interface FieldSweepOptions {
  bias?: Float64Array;
  /** One threshold per visit (Gibbs), or none (θ = 0). */
  thresholds?: Float64Array;
  high?: number;
  low?: number;
  /** |h − θ| ≤ tie keeps the unit's state (default 0: the exact comparison). */
  tie?: number;
}

/** Visit `count` units in `order`; returns how many units changed state. W is n×n row-major. */
export function fieldSweep(w: Float64Array, n: number, s: Float64Array, order: Int32Array, count: number, o: FieldSweepOptions = {}): number {
  const hi = o.high ?? 1;
  const lo = o.low ?? -1;
  const bias = o.bias;
  const thr = o.thresholds;
  const tie = o.tie ?? 0;
  if (!(tie >= 0)) throw new RangeError('fieldSweep: tie must be ≥ 0');
  const pw = heapOffset(w);
  if (pw >= 0 && n > 0) {
    if (w.length < n * n || s.length < n || order.length < count || (bias && bias.length < n) || (thr && thr.length < count)) {
      throw new RangeError('fieldSweep: shapes do not match');
    }
    for (let v = 0; v < count; v++) if (!(order[v]! >= 0 && order[v]! < n)) throw new RangeError(`fieldSweep: order[${v}] out of range`);
    let ps = heapOffset(s);
    let po = heapOffset(order);
    let pb = bias ? heapOffset(bias) : 0;
    let pt = thr ? heapOffset(thr) : 0;
    const need = (ps < 0 ? aligned(n * 8) : 0) + (po < 0 ? aligned(count * 4) : 0) + (pb < 0 ? aligned(n * 8) : 0) + (pt < 0 ? aligned(count * 8) : 0);
    let at = need ? scratch(need) : 0;
    const sStaged = ps < 0;
    if (sStaged) {
      ps = at;
      at += aligned(n * 8);
      heap.f64.set(s.subarray(0, n), ps >> 3);
    }
    if (po < 0) {
      po = at;
      at += aligned(count * 4);
      heap.i32.set(order.subarray(0, count), po >> 2);
    }
    if (bias && pb < 0) {
      pb = at;
      at += aligned(n * 8);
      heap.f64.set(bias.subarray(0, n), pb >> 3);
    }
    if (thr && pt < 0) {
      pt = at;
      heap.f64.set(thr.subarray(0, count), pt >> 3);
    }
    const changed = kernels.field_sweep_f64(pw, n, ps, po, count, pb, bias ? 1 : 0, pt, thr ? 1 : 0, hi, lo, tie);
    if (sStaged) s.set(heap.f64.subarray(ps >> 3, (ps >> 3) + n));
    return changed;
  }
  let changed = 0;
  for (let v = 0; v < count; v++) {
    const i = order[v]!;
    let h = dot8(w, i * n, s, 0, n);
    if (bias) h += bias[i]!;
    const d = h - (thr ? thr[v]! : 0);
    const old = s[i]!;
    const next = d > tie ? hi : d < -tie ? lo : old;
    if (next !== old) {
      changed++;
      s[i] = next;
    }
  }
  return changed;
}
