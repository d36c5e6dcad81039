/**
 * Exact quantities of a small Boltzmann machine by enumeration: the distribution P(s) = exp(−E(s)/T)/Z over all 2^n
 * states, the visible marginal, and the exact log-likelihood of data (what the learning rule climbs).
 * State index k has unit i on when bit i of k is set; visible units come first, so k = v + 2^V·h.
 */
import type { BinaryNet } from './dynamics.js';

/** Most units enumerated in full (2^20 states × n² work); larger machines have no exact figures. */
export const MAX_EXACT_STATES = 1 << 20;

function logSumExp(x: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > max) max = x[i]!;
  if (max === -Infinity) return max;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i]! - max);
  return max + Math.log(s);
}

/** Fill s with the state of index k. */
function decode(k: number, n: number, lo: number, s: Float64Array): void {
  for (let i = 0; i < n; i++) s[i] = ((k >>> i) & 1) === 1 ? 1 : lo;
}

/** −E(s)/T for every state: the log of the unnormalised probability. */
function logWeights(m: BinaryNet, temperature: number): Float64Array {
  const { n, w, bias, lo } = m;
  const count = 2 ** n;
  if (count > MAX_EXACT_STATES) throw new RangeError(`exact enumeration needs ≤ ${Math.log2(MAX_EXACT_STATES)} units, the machine has ${n}`);
  const out = new Float64Array(count);
  const s = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    decode(k, n, lo, s);
    let e = 0;
    for (let i = 0; i < n; i++) {
      const si = s[i]!;
      if (si === 0) continue;
      e -= bias[i]! * si;
      // Each pair once (j > i): counting both w_ij and w_ji would double the coupling.
      for (let j = i + 1; j < n; j++) e -= w[i * n + j]! * si * s[j]!;
    }
    out[k] = -e / temperature;
  }
  return out;
}

/** P(s) over all 2^n states at temperature T > 0. */
export function exactDistribution(m: BinaryNet, temperature: number): Float64Array {
  const lw = logWeights(m, temperature);
  const logZ = logSumExp(lw);
  for (let k = 0; k < lw.length; k++) lw[k] = Math.exp(lw[k]! - logZ);
  return lw;
}

/** The marginal over the first `visible` units of a distribution over 2^n states (visible bits are the low bits). */
export function visibleMarginal(p: Float64Array, visible: number): Float64Array {
  const nv = 2 ** visible;
  const out = new Float64Array(nv);
  for (let k = 0; k < p.length; k++) out[k % nv]! += p[k]!;
  return out;
}

/**
 * log P(v) for every visible state v, at T = 1. A restricted machine (no hidden–hidden or visible–visible weights)
 * sums the hidden units out analytically through the free energy,
 *   log P̃(v) = bᵥ·v + ½vᵀW_vv v + Σ_j log Σ_{h_j} exp(h_j (b_j + Σ_i w_ij v_i)),
 * so only 2^V states are enumerated; a general machine enumerates all 2^(V+H).
 */
export function exactVisibleLogProb(m: BinaryNet, visible: number, restricted: boolean): Float64Array {
  const { n, w, bias, lo } = m;
  if (!restricted || n === visible) {
    const p = visibleMarginal(exactDistribution(m, 1), visible);
    return p.map(Math.log);
  }
  const nv = 2 ** visible;
  if (nv > MAX_EXACT_STATES) throw new RangeError(`exact enumeration needs ≤ ${Math.log2(MAX_EXACT_STATES)} visible units`);
  const out = new Float64Array(nv);
  const v = new Float64Array(visible);
  for (let k = 0; k < nv; k++) {
    decode(k, visible, lo, v);
    let lp = 0;
    for (let i = 0; i < visible; i++) {
      lp += bias[i]! * v[i]!;
      for (let j = i + 1; j < visible; j++) lp += w[i * n + j]! * v[i]! * v[j]!;
    }
    for (let j = visible; j < n; j++) {
      let z = bias[j]!;
      for (let i = 0; i < visible; i++) z += w[i * n + j]! * v[i]!;
      // log(exp(lo·z) + exp(z)), computed stably.
      const a = lo * z;
      lp += Math.max(a, z) + Math.log1p(Math.exp(-Math.abs(z - a)));
    }
    out[k] = lp;
  }
  const logZ = logSumExp(out);
  for (let k = 0; k < nv; k++) out[k]! -= logZ;
  return out;
}

/** True when the exact figures are affordable for this machine. */
export function exactAvailable(n: number, visible: number, restricted: boolean): boolean {
  // A general machine costs 2^n states × n² per enumeration (and one per training batch): up to 16 units. A restricted
  // one sums its hidden units out: 2^V states × V·H, up to 20 visible units.
  return restricted ? visible <= 20 && 2 ** visible <= MAX_EXACT_STATES : n <= 16;
}

/** Total-variation distance ½ Σ |p − q|. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}
