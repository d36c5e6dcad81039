/**
 * Build cost of an echo state network (reservoir.ts `createReservoir`): W in CSR (float64; N²·density non-zeros)
 * or dense (float32), W_in, W_fb, the readout and the work vectors. The build draws every entry's Bernoulli (N²) and
 * the non-zeros' values, then the spectral radius: all eigenvalues by a dense decomposition up to DENSE_LIMIT units
 * (~10 N³ flops), above by Krylov–Schur on the CSR matrix (a few hundred mat-vecs and their orthogonalisation).
 */
import { buildCost, csrBytes, DRAW, F32, F64 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { EsnConfig } from './config.js';
import { featureCount } from './readout.js';
import { DENSE_LIMIT } from '../../engine/linalg/spectral.js';

export function esnBuildCost(c: EsnConfig): BuildCost {
  const n = c.size;
  const k = c.inputs;
  const l = c.outputs;
  const f32 = c.precision === 'float32';
  const b = f32 ? F32 : F64;
  const f = featureCount(n, k, c.readoutInput);
  const w = f32 ? F32 * n * n : csrBytes(n, n * n * c.density);
  const bytes = w + b * (n * (k + 1) + n * l + 2 * n + k + 1) + F64 * (l + k + l * f + f) + (f32 ? F32 * l : 0);
  const nnz = n * n * c.density;
  const spectrum = n <= DENSE_LIMIT ? 10 * n * n * n : 300 * (2 * nnz + 100 * n);
  return buildCost(bytes, 5 * n * n + DRAW * nnz + spectrum, ['size'], ['density'], ['precision'], ['outputs']);
}
