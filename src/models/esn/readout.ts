/**
 * The ESN readout y = W_out·[x; u; 1] and its error figures. The fit is ridge regression (src/engine/linalg/ridge.ts);
 * how it is solved matters: the harvested state matrix of the Jaeger 2001 Mackey-Glass setup has condition number
 * 1e10–1e13, so the plain normal equations fail, a tiny ridge (1e-12) or a QR solve with tiny training noise (≈1e-9)
 * work (reference/models.md). Solver, λ and noise are therefore configuration, not hidden constants.
 */
import { z } from 'zod';
import { centredSums } from '../../engine/statistics.js';

export const ridgeSchema = z
  .object({
    lambda: z.number().min(0).max(1e6).default(1e-8).describe('Ridge regularisation λ (on XᵀX + λI, X the harvested states)'),
    solver: z
      .enum(['cholesky', 'qr'])
      .default('cholesky')
      .describe('cholesky: normal equations (fast); qr: Householder QR of [X; √λI], for ill-conditioned states'),
    trainingNoise: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('State noise ν ~ U[−σ, σ] while harvesting states (regularises feedback loops; Jaeger 2001 §6)'),
  })
  .default({ lambda: 1e-8, solver: 'cholesky', trainingNoise: 0 });
export type RidgeSettings = z.infer<typeof ridgeSchema>;

/** Number of readout features: N states, K inputs if the readout sees them, one constant. */
export function featureCount(size: number, inputs: number, readoutInput: boolean): number {
  return size + (readoutInput ? inputs : 0) + 1;
}

/** Write the feature vector [x; u; 1] into `out` at `offset`. */
export function writeFeatures(x: ArrayLike<number>, u: ArrayLike<number>, readoutInput: boolean, out: Float64Array, offset: number): void {
  const n = x.length;
  for (let i = 0; i < n; i++) out[offset + i] = x[i]!;
  let k = n;
  if (readoutInput) for (let i = 0; i < u.length; i++) out[offset + k++] = u[i]!;
  out[offset + k] = 1;
}

export function variance(a: ArrayLike<number>, stride = 1, offset = 0): number {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let i = offset; i < a.length; i += stride) {
    const v = a[i]!;
    if (Number.isNaN(v)) continue;
    s += v;
    s2 += v * v;
    n++;
  }
  if (n === 0) return NaN;
  const m = s / n;
  return Math.max(0, s2 / n - m * m);
}

/**
 * NRMSE = sqrt(⟨(y − d)²⟩ / σ²(d)), Jaeger's variance-normalised error, and R² = 1 − ⟨(y − d)²⟩/σ²(d), over the
 * samples where the target d is known (not NaN). Series are row-major (samples × width).
 */
export function errorFigures(y: ArrayLike<number>, d: ArrayLike<number>, width = 1): { nrmse: number; r2: number; mse: number; samples: number } {
  let se = 0;
  let n = 0;
  const known: number[] = [];
  for (let i = 0; i < d.length; i++) {
    if (Number.isNaN(d[i]!) || Number.isNaN(y[i]!)) continue;
    se += (y[i]! - d[i]!) ** 2;
    n++;
    known.push(d[i]!);
  }
  if (n === 0) return { nrmse: NaN, r2: NaN, mse: NaN, samples: 0 };
  let v = 0;
  for (let c = 0; c < width; c++) v += variance(d, width, c);
  v /= width;
  const mse = se / n;
  return { nrmse: Math.sqrt(mse / v), r2: 1 - mse / v, mse, samples: n / width };
}

/** Squared correlation coefficient r²(a, b), the summand of Jaeger's memory capacity. */
export function squaredCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { sab, saa, sbb } = centredSums(a, b);
  return saa > 0 && sbb > 0 ? (sab * sab) / (saa * sbb) : 0;
}
