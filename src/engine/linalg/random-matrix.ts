/**
 * Random connectivity as on the slides and in Sompolinsky, Crisanti & Sommers (1988): entries N(0, g²/(pN)) kept
 * with probability p, so that the spectrum's radius is ≈ g whatever the density; optional zero diagonal
 * (diag(M) = 0) and symmetry (m_ij = m_ji).
 */
import type { Rng } from '../random/rng.js';

export interface RandomMatrixOptions {
  rows: number;
  cols: number;
  /** Gain g: the standard deviation of a kept entry is g/√(p·cols). */
  gain: number;
  /** Connection probability p (0 < p ≤ 1). */
  density: number;
  zeroDiagonal?: boolean;
  symmetric?: boolean;
  /** Mean of a kept entry (default 0). */
  mean?: number;
}

/**
 * Fill `out` (rows × cols, row-major). A Float32Array gets the same draws as a Float64Array would, each rounded to
 * float32 when stored (symmetric copies included), so the float32 matrix is the float64 one rounded.
 */
export function gaussianMatrix<T extends Float64Array | Float32Array>(out: T, rng: Rng, o: RandomMatrixOptions): T {
  const { rows, cols, gain, density } = o;
  const sd = gain / Math.sqrt(Math.max(1e-12, density) * cols);
  const mu = o.mean ?? 0;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = o.symmetric ? i : 0; j < cols; j++) {
      if (density < 1 && !rng.bernoulli(density)) continue;
      const v = rng.normal(mu, sd);
      out[i * cols + j] = v;
      if (o.symmetric && j < rows && i < cols) out[j * cols + i] = v;
    }
  }
  if (o.zeroDiagonal) for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = 0;
  return out;
}
