/**
 * Recursive least squares, one rank-one step (Haykin, Adaptive Filter Theory, §10; Sussillo & Abbott 2009, eqs. 4–5).
 * P is the running inverse of the regressors' correlation matrix (regularised: P₀ = I/α), kept symmetric.
 *
 *   k = P·r,   c = 1/(λ + rᵀ·P·r),   P ← (P − c·k·kᵀ)/λ
 *
 * The caller then moves each readout against its error: w ← w − c·e·k (e measured before the update). The gain
 * vector k is left in `k` and c is returned, so one P serves any number of readouts (multi-output FORCE).
 * O(n²) per call: one mat-vec and one rank-one update, no allocation.
 */
import { matVec } from './dense.js';

/** One RLS step on the n×n row-major `p` with regressor `r`; writes k = P·r into `k` and returns c. */
export function rlsUpdate(p: Float64Array, n: number, r: Float64Array, k: Float64Array, forgetting = 1): number {
  matVec(p, n, n, r, k);
  let rPr = 0;
  for (let i = 0; i < n; i++) rPr += r[i]! * k[i]!;
  const c = 1 / (forgetting + rPr);
  const inv = 1 / forgetting;
  for (let i = 0; i < n; i++) {
    const cki = c * k[i]!;
    const off = i * n;
    if (inv === 1) for (let j = 0; j < n; j++) p[off + j]! -= cki * k[j]!;
    else for (let j = 0; j < n; j++) p[off + j] = (p[off + j]! - cki * k[j]!) * inv;
  }
  return c;
}

/** P ← I/α: the regularised start of RLS (α is the ridge strength: small α learns fast, large α slowly). */
export function rlsReset(p: Float64Array, n: number, alpha: number): void {
  p.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) p[i * n + i] = 1 / alpha;
}
