/**
 * Overlaps m_μ = (1/N) Σ_i ξ^μ_i σ_i of a Hopfield state at the cost they must have (#21): between two observations
 * only the units that changed can change an overlap, so the sums M_μ = Σ_i ξ^μ_i σ_i are kept and updated by
 * Σ_{i changed} ξ^μ_i (σ_i − σ_i,before): O(N) to find the changed units plus O(P · changed) instead of O(P · N).
 * σ_i and ξ^μ_i are ±1, so every M_μ is an integer of at most N ≤ 4096 in magnitude and every partial sum is exact in
 * float64: the overlaps are bit-identical to a full recomputation (dynamics.ts `overlaps`), however they are updated.
 */
export interface OverlapTracker {
  /** Stored patterns ξ, ±1, P × N. */
  xi: Float64Array;
  p: number;
  n: number;
  /** Off value of the units (σ = s for ±1 units, 2s − 1 for 0/1 units). */
  lo: number;
  /** M_μ = Σ_i ξ^μ_i σ_i (P), valid with `seen`. */
  sums: Float64Array;
  /** The unit states the sums were taken at (N). */
  seen: Float64Array;
  /** Work: indices of the units that changed since, and how much their σ moved (N each). */
  changedUnits: Int32Array;
  delta: Float64Array;
}

/**
 * Bring the sums up to state `s` and write m_μ = M_μ / N into `out`. `valid` false (no sums taken yet, or the patterns
 * changed) sums from scratch. When more than half the units changed the full sum is cheaper and is taken instead.
 * `delta` (N, work) receives σ_i − σ_i,before of each changed unit (±2).
 */
export function trackOverlaps(t: OverlapTracker, s: Float64Array, valid: boolean, out: Float64Array): void {
  const { xi, p, n, lo, sums, seen, changedUnits } = t;
  // σ = s for ±1 units, 2s − 1 for 0/1 units: σ = a·s + b.
  const a = lo === 0 ? 2 : 1;
  const b = lo === 0 ? -1 : 0;
  let changed = 0;
  if (valid) for (let i = 0; i < n; i++) if (s[i] !== seen[i]) changedUnits[changed++] = i;
  if (!valid || changed > n >> 1) {
    for (let mu = 0; mu < p; mu++) {
      let m = 0;
      const off = mu * n;
      for (let i = 0; i < n; i++) m += xi[off + i]! * (a * s[i]! + b);
      sums[mu] = m;
    }
    seen.set(s.subarray(0, n));
  } else if (changed > 0) {
    // A changed unit's σ moved by a·(s − s_before) = ±2.
    for (let k = 0; k < changed; k++) {
      const i = changedUnits[k]!;
      const d = a * (s[i]! - seen[i]!);
      seen[i] = s[i]!;
      t.delta[k] = d;
    }
    for (let mu = 0; mu < p; mu++) {
      let m = sums[mu]!;
      const off = mu * n;
      for (let k = 0; k < changed; k++) m += xi[off + changedUnits[k]!]! * t.delta[k]!;
      sums[mu] = m;
    }
  }
  for (let mu = 0; mu < p; mu++) out[mu] = sums[mu]! / n;
}
