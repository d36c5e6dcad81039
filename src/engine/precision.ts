/**
 * Arithmetic precision of a session's state, for the kinds whose step is a dense N×N mat-vec (`rate`, `esn`).
 *
 * float64 is the default. float32 keeps the weights, the state vectors and the step's work buffers in Float32Array
 * (allocated with the context's `alloc.f32`, so the kernels read them in place) and multiplies with `matVecF32`.
 * Random weights are drawn exactly as in float64 (the same draws from the same generators) and rounded to float32 on
 * store, so a float32 session starts as the float64 session of the same seed, rounded. Element-wise updates
 * (nonlinearity, leak, Euler/RK4 combinations, noise) are computed in double and rounded once when stored; tanh is
 * `tanhF32` (linalg/tanh-f32.ts: a rational approximation within 2 ulp of tanh, vectorised, the same bits on every
 * machine) instead of Math.tanh.
 */
import { z } from 'zod';
import type { Alloc } from './alloc.js';

export type FloatArray = Float64Array | Float32Array;
export const precisionNames = ['float64', 'float32'] as const;
export type Precision = (typeof precisionNames)[number];
/** The `precision` config field of `rate` and `esn` (each kind adds its own description). */
export const precisionSchema = z.enum(precisionNames).default('float64');

/** A float array of `n` entries in the given precision. Anything but 'float32' (including absent) is float64. */
export function allocFloat(alloc: Alloc, precision: Precision | undefined, n: number): FloatArray {
  return precision === 'float32' ? alloc.f32(n) : alloc.f64(n);
}

/** A new (unshared, zeroed) array of `n` entries of the same type as `like`. */
export function floatLike(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}
