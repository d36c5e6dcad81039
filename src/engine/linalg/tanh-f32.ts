/**
 * tanh over a Float32Array, in place: one definition, bit-identical on the three paths that compute it (the
 * WebAssembly kernel `tanh_f32` in kernels.wat, its x86 twin in native/kernels.c, and `tanhF32Js` below), on every
 * machine, unlike `Math.tanh`, whose last bits are the engine's choice.
 *
 * tanh(x) ≈ x·P(x²)/Q(x²), the 13/6-degree rational minimax approximation of Eigen 3.3/3.4's
 * `generic_fast_tanh_float` (Eigen/src/Core/MathFunctionsImpl.h, behind its packet `ptanh` for float; "accurate up
 * to a couple of ulps" there), with its coefficients as Eigen uses them: rounded to float32. Each float32 input is widened to float64 (exactly), the rational function is
 * evaluated there in the fixed order below (only multiply, add and one divide, never fused), and the result is
 * rounded once to float32. Evaluating it in float32 instead, as Eigen does, costs up to 7 ulp (the roundings of
 * the two Horner chains); in float64 the only errors left are the approximation's own, and the float32 result is
 * within 2 ulp of the correctly rounded tanh for every float32 input (checked exhaustively over all 2³² inputs when
 * this was written, as was the agreement of the three paths, and of kernels.c's AVX2, AVX-512 and scalar code;
 * tests/engine/tanh-f32.test.ts checks a dense sweep). It is also exactly odd, monotone
 * non-decreasing over all floats, |tanh| ≤ 1, tanh(±0) = ±0, tanh(±∞) = ±1 and NaN stays NaN. The largest errors
 * (2 ulp) are near 0: the approximation's slope at 0 is a₁/b₀ = 1 − 1.3·10⁻⁷, so small inputs come out ≤ 2 ulp
 * low (Eigen returns x itself below 4·10⁻⁴, which is exact there but breaks monotonicity at the switch).
 *
 * Beyond |x| ≥ 9 the input is clamped to ±9, where the approximation rounds to exactly ±1 (as the true tanh does
 * from |x| ≈ 9.01; the approximation already rounds to 1 from 8.8601…, within the 2 ulp).
 */
import { kernels, heapOffset } from '../wasm/heap.js';

// Eigen's coefficients as float32 values, written as the exact float64 values of those float32 numbers (the same
// literals appear in kernels.wat and kernels.c).
const A13 = -2.7607683663038313e-16;
const A11 = 2.0001879384549948e-13;
const A9 = -8.604671836165423e-11;
const A7 = 5.122297253024044e-8;
const A5 = 0.000014857223504805006;
const A3 = 0.0006372619536705315;
const A1 = 0.004893524572253227;
const B6 = 0.0000011982583600911312;
const B4 = 0.00011853470641653985;
const B2 = 0.0022684347350150347;
const B0 = 0.0048935250379145145;
/** The input clamp: |x| ≥ 9 gives exactly ±1. */
const CLAMP = 9;

/** The coefficients, for the tests (each must be a float32 value). */
export const tanhF32Coefficients: readonly number[] = [A13, A11, A9, A7, A5, A3, A1, B6, B4, B2, B0];

/**
 * The plain-JS twin of the kernels, in place over `a`. JS arithmetic is float64, so the float64 evaluation
 * needs no rounding steps; storing into the Float32Array rounds once (to nearest, ties to even, as the kernels do).
 */
export function tanhF32Js(a: Float32Array): void {
  for (let i = 0; i < a.length; i++) {
    let x = a[i]!;
    x = CLAMP < x ? CLAMP : x; // NaN passes through both
    x = x < -CLAMP ? -CLAMP : x;
    const s = x * x;
    let p = s * A13 + A11;
    p = s * p + A9;
    p = s * p + A7;
    p = s * p + A5;
    p = s * p + A3;
    p = s * p + A1;
    p = x * p;
    let q = s * B6 + B4;
    q = s * q + B2;
    q = s * q + B0;
    a[i] = p / q;
  }
}

/** tanh in place over a Float32Array: the kernel when it lives in the WebAssembly memory, else the JS twin. */
export function tanhF32(a: Float32Array): void {
  const p = heapOffset(a);
  if (p >= 0) kernels.tanh_f32(p, a.length);
  else tanhF32Js(a);
}
