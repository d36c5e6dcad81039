/**
 * Build cost of a FORCE network (network.ts `createNetwork`): M (CSR with pN² entries when sparse and fixed, dense
 * N × N otherwise), the RLS matrix P (N × N), the readout and feedback weights, the chaos probe's copy.
 */
import { buildCost, csrBytes, DRAW, F64 } from '../build-costs.js';
import type { BuildCost } from '../contract.js';
import type { ForceConfig } from './config.js';
import { outputCount } from './targets.js';

export function forceBuildCost(c: ForceConfig): BuildCost {
  const n = c.size;
  const K = outputCount(c.target);
  const sparse = c.variant === 'feedback' && c.density <= 0.5;
  const m = sparse ? csrBytes(n, c.density * n * n) : F64 * n * n;
  const probe = c.chaosProbe && c.warmupTime > 0;
  const bytes = m + F64 * (n * n + 2 * n * K + 4 * n + 2 * K + (probe ? 2 * n + K : 0) + 8);
  // draws of M (a uniform for the density and a normal each), P = I/α, the CSR scan
  return buildCost(bytes, (DRAW + 2) * n * n + 2 * n * n, ['size'], ['density'], ['variant']);
}
