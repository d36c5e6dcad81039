/**
 * Eigenvalues and the spectral radius ρ(W) = max |λᵢ| of a real, non-symmetric square matrix.
 *
 * Why not plain power iteration: a real random matrix's dominant eigenvalues often come as a complex-conjugate pair
 * (equal modulus), and then ‖Wᵏx‖ oscillates instead of converging; and a random reservoir's outer eigenvalues crowd
 * the rim of its disk (the circular law), so anything that tracks one eigenvalue converges slowly, or to the wrong one.
 * - 'dense' (spectral-dense.ts): all eigenvalues by Hessenberg reduction and Francis QR; O(n³).
 * - 'krylov' (spectral-krylov.ts): the outermost eigenvalues by thick-restarted Arnoldi (Krylov–Schur) using only
 *   products A·x: O(nnz) per product on a CSR matrix. Converged to a relative residual of 1e-9.
 * 'auto' picks 'dense' up to n = 400 (so networks built with it keep their bits) and 'krylov' above.
 */
import type { Rng } from '../random/rng.js';
import { matVec } from './dense.js';
import { csrMatVec, type Csr } from './sparse.js';
import { eigenvalues, maxModulus, type Eigenvalues } from './spectral-dense.js';
import { byModulus, krylovSchurEigenvalues, type EigenScore, type LinearOperator } from './spectral-krylov.js';

export { eigenvalues, hessenberg, hessenbergEigenvalues, maxModulus, type Eigenvalues } from './spectral-dense.js';
export { byModulus, krylovSchurEigenvalues, type EigenScore, type KrylovResult, type LinearOperator } from './spectral-krylov.js';

/** Up to this size 'auto' decomposes densely. */
export const DENSE_LIMIT = 400;

/** The operator x ↦ A·x of a dense row-major n × n matrix. */
export function denseOperator(a: Float64Array, n: number): LinearOperator {
  return { n, apply: (x, y) => matVec(a, n, n, x, y) };
}

/** The operator x ↦ A·x of a square CSR matrix (its WebAssembly kernel when the arrays live in the heap). */
export function csrOperator(a: Csr): LinearOperator {
  return { n: a.rows, apply: (x, y) => csrMatVec(a, x, y) };
}

export interface SpectralRadiusOptions {
  method?: 'auto' | 'dense' | 'krylov';
  /** Start vector's generator for 'krylov' (required for it, to stay seeded). */
  rng?: Rng;
  /** Ranking of the wanted eigenvalues for 'krylov' (default: modulus). */
  score?: EigenScore;
}

/**
 * The outer part of the spectrum of a dense matrix: all eigenvalues ('dense'), or the converged outermost Ritz
 * values by `score` ('krylov').
 */
export function outerEigenvalues(a: Float64Array, n: number, options: SpectralRadiusOptions = {}): Eigenvalues {
  return outerEigenvaluesOf(denseOperator(a, n), options, () => eigenvalues(a, n));
}

/** The same for any operator; `dense` gives the full matrix's eigenvalues when the dense method is chosen. */
export function outerEigenvaluesOf(op: LinearOperator, options: SpectralRadiusOptions, dense: () => Eigenvalues): Eigenvalues {
  if (op.n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const method = options.method ?? 'auto';
  if (method === 'dense' || (method === 'auto' && op.n <= DENSE_LIMIT)) return dense();
  if (!options.rng) throw new Error('spectralRadius: the Krylov method needs options.rng for its start vector');
  const r = krylovSchurEigenvalues(op, { rng: options.rng, score: options.score ?? byModulus });
  if (!r.converged) throw new Error(`spectralRadius: no convergence after ${r.restarts} restarts (${r.products} products)`);
  return r.values;
}

/** Spectral radius ρ(a) = max |λ| of a real n × n matrix (row-major). */
export function spectralRadius(a: Float64Array, n: number, options: SpectralRadiusOptions = {}): number {
  return maxModulus(outerEigenvalues(a, n, options));
}
