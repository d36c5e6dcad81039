/**
 * Deterministic threshold dynamics and the energy of a symmetric binary network (Hopfield 1982):
 *   h_i = Σ_j w_ij s_j + b_i,   s_i ← on if h_i > 0, off if h_i < 0, unchanged if h_i = 0,
 *   E = −½ sᵀWs − bᵀs.
 * "on" is +1 and "off" is `lo` (−1 for ±1 units, 0 for 0/1 units). With W symmetric and zero on the diagonal, one
 * asynchronous update changes E by −Δs_i·h_i ≤ 0, so E never rises and the network settles in a local minimum.
 * Ties keep the unit's state, which keeps that argument exact.
 */
import { matVec } from '../../engine/linalg/dense.js';

export interface BinaryNet {
  /** W, n × n row-major, symmetric with zero diagonal. */
  w: Float64Array;
  /** b, one bias per unit (for 0/1 units this includes the threshold that maps a ±1 rule onto them). */
  bias: Float64Array;
  n: number;
  /** Value of an "off" unit: −1 or 0. */
  lo: number;
}

/** h = W s + b. */
export function localFields(net: BinaryNet, s: Float64Array, h: Float64Array): void {
  matVec(net.w, net.n, net.n, s, h);
  for (let i = 0; i < net.n; i++) h[i]! += net.bias[i]!;
}

/** E = −½ sᵀWs − bᵀs; `work` (n) receives W s. */
export function energy(net: BinaryNet, s: Float64Array, work: Float64Array): number {
  matVec(net.w, net.n, net.n, s, work);
  let e = 0;
  for (let i = 0; i < net.n; i++) e -= s[i]! * (0.5 * work[i]! + net.bias[i]!);
  return e;
}

/**
 * Asynchronous updates of the units order[0…count−1], one after the other, each seeing the others' new states.
 * `h` must hold the current local fields; it is kept current incrementally (a flip of unit i by Δ adds Δ·w_ji to every
 * h_j: O(N) per flip instead of O(N) per visit for a fresh dot product). Returns the number of units that changed.
 */
export function asyncUpdate(net: BinaryNet, s: Float64Array, h: Float64Array, order: Int32Array, count: number): number {
  const { w, n, lo } = net;
  let changed = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    const hi = h[i]!;
    const next = hi > 0 ? 1 : hi < 0 ? lo : s[i]!;
    if (next === s[i]) continue;
    const d = next - s[i]!;
    s[i] = next;
    changed++;
    const row = i * n; // w_ji = w_ij: read row i.
    for (let j = 0; j < n; j++) h[j]! += d * w[row + j]!;
  }
  return changed;
}

/** One synchronous update (Little 1974): every unit from the same old state. `h` receives the old fields. */
export function syncUpdate(net: BinaryNet, s: Float64Array, h: Float64Array): number {
  localFields(net, s, h);
  let changed = 0;
  for (let i = 0; i < net.n; i++) {
    const hi = h[i]!;
    const next = hi > 0 ? 1 : hi < 0 ? net.lo : s[i]!;
    if (next !== s[i]) {
      s[i] = next;
      changed++;
    }
  }
  return changed;
}

/** m_μ = (1/N) Σ_i ξ^μ_i σ_i for every stored ±1 pattern, with σ = s (±1 units) or 2s − 1 (0/1 units). */
export function overlaps(xi: Float64Array, p: number, n: number, s: Float64Array, lo: number, out: Float64Array): void {
  for (let mu = 0; mu < p; mu++) {
    let m = 0;
    const off = mu * n;
    if (lo === 0) for (let i = 0; i < n; i++) m += xi[off + i]! * (2 * s[i]! - 1);
    else for (let i = 0; i < n; i++) m += xi[off + i]! * s[i]!;
    out[mu] = m / n;
  }
}
