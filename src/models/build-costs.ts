/**
 * Build costs of every kind, from the config alone (`ModelDefinition.cost`): the bytes of the state arrays
 * `create` allocates (what a session holds in memory and the store persists) and the arithmetic of building them.
 * Each formula follows its kind's `create` array by array (float64 8 bytes, float32 and int32 4); the suite checks
 * every one against the state a real build produces (tests/models/build-cost.test.ts). Random draws count ~20 flops
 * (a normal by the ziggurat or Box–Muller, a uniform with its scaling).
 */
import type { BuildCost, FieldRef } from './contract.js';

export const F64 = 8;
export const F32 = 4;
export const I32 = 4;
/** Flops of one random draw. */
export const DRAW = 20;

const cfg = (...paths: (string | number)[][]): FieldRef[] => paths.map((path) => ({ in: 'config' as const, path }));

/** Bytes of a CSR matrix with `rows` rows and `nnz` non-zeros (src/engine/linalg/sparse.ts: rowPtr, colIdx, values). */
export function csrBytes(rows: number, nnz: number): number {
  return I32 * (rows + 1) + (I32 + F64) * nnz;
}

/** Bytes of the four Runge–Kutta buffers and the temporary of src/engine/integrators.ts, for n values of `bytes` each. */
export const integratorBuffers = (n: number, bytes = F64): number => 5 * n * bytes;

export function buildCost(stateBytes: number, buildFlops: number, ...drivers: (string | number)[][]): BuildCost {
  return { stateBytes, buildFlops, drivers: cfg(...drivers) };
}
