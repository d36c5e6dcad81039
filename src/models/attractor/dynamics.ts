/**
 * Deterministic threshold dynamics and the energy of a symmetric binary network (Hopfield 1982):
 *   h_i = Σ_j w_ij s_j + b_i,   s_i ← on if h_i > 0, off if h_i < 0, unchanged if h_i = 0,
 *   E = −½ sᵀWs − bᵀs.
 * "on" is +1 and "off" is `lo` (−1 for ±1 units, 0 for 0/1 units). With W symmetric and zero on the diagonal, one
 * asynchronous update changes E by −Δs_i·h_i ≤ 0, so E never rises and the network settles in a local minimum.
 *
 * Ties keep the unit's state (Hopfield 1982), and a tie is decided on the field's exact value, not on its rounding:
 * with the Hebbian rule N·h_i is an integer (w_ij = k/N), and at an even number of patterns h_i = 0 happens, but the
 * floating-point sum of the k/N (not representable in binary) comes out as ±1e-17, so which way a tied unit went was
 * decided by the rounding of the sum — and flipped whenever the fields were recomputed in another order. So a field
 * counts as zero when |h_i| ≤ `tie`, a band (see tieTolerance) wider than any rounding error of the field and
 * narrower than the smallest non-zero Hebbian field. Updates across the band lower E by at least 2·tie, so the
 * energy argument holds in floating point too, and a fixed point stays fixed however often the fields are summed.
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
  /** |h_i| ≤ tie counts as a zero field: the unit keeps its state (tieTolerance; 0 = exact comparison). */
  tie?: number;
}

/**
 * Relative width of the tie band: |h_i| ≤ TIE_RELATIVE · max_i(Σ_j |w_ij| + |b_i|) is a tie.
 * Why 1e-9: the field of unit i is a sum of at most N ≤ 4096 terms |w_ij s_j| ≤ |w_ij| (|s_j| ≤ 1) plus b_i, so its
 * rounding error is below γ_N·R_i ≈ N·2⁻⁵³·R_i ≤ 4.6e-13·R_i for a fresh sum (Higham 2002, §3.1), and the incremental
 * updates (h_j += Δs_i·w_ij; hopfield.ts sums afresh after at most 64·N flips) add at most 64·N·2⁻⁵³·R ≤ 2.9e-11·R:
 * the band is over 30× the worst case (and the typical error, √flips·2⁻⁵³·R, is far smaller). And the band is narrower
 * than the smallest non-zero Hebbian field: N·h_i is an integer (a half-integer for 0/1 units), so h_i ≠ 0 means
 * |h_i| ≥ 1/(2N) ≥ 1.2e-4, while R_i < P ≤ 4096 gives a band below 4.1e-6 (plus 1e-6 for the largest allowed bias).
 * For real-valued weights (Storkey, pseudo-inverse) a field within 1e-9 of the row's scale is one whose sign floating
 * point cannot be trusted to decide either way.
 */
export const TIE_RELATIVE = 1e-9;

/** The tie band of a network: TIE_RELATIVE times the largest Σ_j |w_ij| + |b_i| over its rows. */
export function tieTolerance(w: Float64Array, bias: Float64Array, n: number): number {
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let r = Math.abs(bias[i]!);
    const row = i * n;
    for (let j = 0; j < n; j++) r += Math.abs(w[row + j]!);
    if (r > scale) scale = r;
  }
  return TIE_RELATIVE * scale;
}

/** The next state of a unit with field h: on above the band, off below it, unchanged inside (a tie). */
export function thresholdUnit(h: number, tie: number, current: number, lo: number): number {
  return h > tie ? 1 : h < -tie ? lo : current;
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
 * E from the current local fields h = Ws + b in O(N): Ws = h − b, so E = −½ sᵀ(h − b) − bᵀs = −½ Σ_i s_i (h_i + b_i).
 * The same value as `energy` up to the rounding of h (see TIE_RELATIVE for its bound), without the O(N²) product.
 */
export function energyFromFields(net: BinaryNet, s: Float64Array, h: Float64Array): number {
  let e = 0;
  for (let i = 0; i < net.n; i++) e -= s[i]! * (h[i]! + net.bias[i]!);
  return 0.5 * e;
}

/**
 * Asynchronous updates of the units order[0…count−1], one after the other, each seeing the others' new states.
 * `h` must hold the current local fields; it is kept current incrementally (a flip of unit i by Δ adds Δ·w_ji to every
 * h_j: O(N) per flip instead of O(N) per visit for a fresh dot product). Returns the number of units that changed.
 */
export function asyncUpdate(net: BinaryNet, s: Float64Array, h: Float64Array, order: Int32Array, count: number): number {
  const { w, n, lo } = net;
  const tie = net.tie ?? 0;
  let changed = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    const next = thresholdUnit(h[i]!, tie, s[i]!, lo);
    if (next === s[i]) continue;
    const d = next - s[i]!;
    s[i] = next;
    changed++;
    const row = i * n; // w_ji = w_ij: read row i.
    for (let j = 0; j < n; j++) h[j]! += d * w[row + j]!;
  }
  return changed;
}

/**
 * One synchronous update (Little 1974): every unit from the same old state. With `fresh`, `h` is first computed from
 * s; otherwise it must hold the current fields. Leaves `h` holding the fields of the new state (unchanged, and no
 * O(N²) product, when nothing changed).
 */
export function syncUpdate(net: BinaryNet, s: Float64Array, h: Float64Array, fresh = true): number {
  if (fresh) localFields(net, s, h);
  const tie = net.tie ?? 0;
  let changed = 0;
  for (let i = 0; i < net.n; i++) {
    const next = thresholdUnit(h[i]!, tie, s[i]!, net.lo);
    if (next !== s[i]) {
      s[i] = next;
      changed++;
    }
  }
  if (changed > 0) localFields(net, s, h);
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
