/**
 * The float32 tanh (src/engine/linalg/tanh-f32.ts): (a) accuracy against the correctly rounded float32 tanh,
 * exact odd symmetry, |tanh| ≤ 1, monotonicity and the special values; (b) the same bits from the native kernel,
 * the WebAssembly kernel and the plain-JS twin, for every tail length; (c) applyNonlinearity takes it for float32
 * only (float64 keeps Math.tanh).
 */
import { describe, expect, it } from 'vitest';
import { kernels, wasmKernels, kernelBackend, heap, heapMalloc, heapFree, heapOffset, wasmAlloc } from '../../src/engine/wasm/heap.js';
import { tanhF32, tanhF32Js, tanhF32Coefficients } from '../../src/engine/linalg/tanh-f32.js';
import { applyNonlinearity } from '../../src/engine/nonlinearity.js';
import { Rng } from '../../src/engine/random/rng.js';

/** Accuracy bound in float32 ulps: exhaustively over all 2³² float32 inputs the maximum is 2 (see tanh-f32.ts). */
const MAX_ULP = 2;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** The position of a float32 on the number line of float32 values (−0 and +0 both 0), for ulp distances. */
function ordinal(v: number): number {
  f32[0] = v;
  const i = i32[0]!;
  return i < 0 ? -(i & 0x7fffffff) : i;
}
const ulps = (a: number, b: number) => Math.abs(ordinal(a) - ordinal(b));

/** A dense sweep of float32 inputs in [−10, 10] (every 2⁻¹³, so every ulp step above 0.5 is ~2⁷ apart) plus every
 * float32 in a few ranges and the special values. */
function sweepInputs(): Float32Array {
  const xs: number[] = [];
  for (let k = -10 * 8192; k <= 10 * 8192; k++) xs.push(k / 8192);
  // every float32 in small windows: near 0 (as seen by ordinals), at 0.5, 1, the 9 clamp and where tanh reaches 1
  const every = (from: number, count: number) => {
    for (let o = ordinal(from), e = o + count; o < e; o++) {
      i32[0] = o < 0 ? (-o | 0x80000000) : o;
      xs.push(f32[0]!, -f32[0]!);
    }
  };
  for (const at of [1e-30, 1e-7, 4e-4, 0.01, 0.5, 0.99, 1, 2.5, 5.74, 8.86, 9 - 1e-5, 9.01]) every(at, 20_000);
  // powers of two and random floats over the whole range
  for (let e = -149; e <= 127; e++) xs.push(2 ** e, -(2 ** e), 1.5 * 2 ** e);
  const rng = Rng.fromSeed(7);
  for (let k = 0; k < 100_000; k++) {
    i32[0] = (rng.uniform() * 0x100000000) | 0;
    if (!Number.isNaN(f32[0])) xs.push(f32[0]!);
  }
  xs.push(0, -0, 1e-45, -1e-45, 1.1754942e-38, -1.1754942e-38, 3.4028235e38, -3.4028235e38, Infinity, -Infinity, NaN, 9, -9);
  return Float32Array.from(xs);
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
};

describe('tanhF32: accuracy and shape', () => {
  const xs = sweepInputs();
  const ys = xs.slice();
  tanhF32Js(ys);

  it('the coefficients are float32 numbers (Eigen uses them as float)', () => {
    for (const c of tanhF32Coefficients) expect(Math.fround(c)).toBe(c);
  });

  it(`within ${MAX_ULP} ulp of the correctly rounded tanh (Math.fround(Math.tanh(x))) over ${xs.length} inputs`, () => {
    let worst = 0;
    let at = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (Number.isNaN(x)) continue;
      const e = ulps(ys[i]!, Math.fround(Math.tanh(x)));
      if (e > worst) [worst, at] = [e, x];
    }
    expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(MAX_ULP);
    expect(worst).toBeGreaterThan(0); // it is an approximation: this is not Math.tanh
  });

  it('special values: ±0 keep their sign, ±∞ and |x| ≥ 9 give ±1, NaN stays NaN, subnormals stay', () => {
    const a = Float32Array.from([0, -0, Infinity, -Infinity, NaN, 9, -9, 3.4028235e38, -3.4028235e38, 1e-45, -1e-45, 1e-40]);
    tanhF32Js(a);
    expect(Array.from(a.subarray(0, 9))).toEqual([0, -0, 1, -1, NaN, 1, -1, 1, -1]);
    expect(Object.is(a[1], -0)).toBe(true);
    expect(a[9]).toBe(Math.fround(1e-45));
    expect(a[10]).toBe(-Math.fround(1e-45));
    expect(ulps(a[11]!, Math.fround(1e-40))).toBeLessThanOrEqual(MAX_ULP);
  });

  it('exactly odd, |tanh| ≤ 1, sign of x kept', () => {
    const neg = xs.map((x) => -x);
    tanhF32Js(neg);
    const bad: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      if (Number.isNaN(xs[i])) continue;
      const ok = Object.is(neg[i], -ys[i]!) && Math.abs(ys[i]!) <= 1 && Object.is(Math.sign(ys[i]!), Math.sign(xs[i]!));
      if (!ok) bad.push(xs[i]!);
    }
    expect(bad).toEqual([]);
  });

  it('monotone non-decreasing over the sweep (sorted)', () => {
    const sorted = xs.filter((x) => !Number.isNaN(x)).sort();
    const t = sorted.slice();
    tanhF32Js(t);
    for (let i = 1; i < t.length; i++) if (!(t[i]! >= t[i - 1]!)) expect.fail(`tanh(${sorted[i]}) = ${t[i]} < tanh(${sorted[i - 1]}) = ${t[i - 1]}`);
  });
});

describe(`tanhF32: the same bits on every path (kernels: ${kernelBackend})`, () => {
  const xs = sweepInputs();
  // 1..40 and 1000, 1003 (the brief's tails), plus 44..47 and 63 for the native 16-lane tails 12..15 (below 32 values
  // the dispatch keeps WebAssembly).
  const lengths = [...Array.from({ length: 40 }, (_, i) => i + 1), 44, 45, 46, 47, 63, 1000, 1003];

  it.each(lengths)('n = %i, at several alignments: native (or the dispatching kernels), WebAssembly and JS agree', (n) => {
    for (const shift of [0, 1, 3]) {
      for (let start = 0; start + n <= xs.length; start += Math.max(n, 997) * 37) {
        const src = xs.subarray(start, start + n);
        const p1 = heapMalloc(4 * (n + 4)) + 4 * shift;
        const p2 = heapMalloc(4 * (n + 4)) + 4 * shift;
        heap.f32.set(src, p1 >> 2);
        heap.f32.set(src, p2 >> 2);
        // guards around the region: nothing outside [p, p + 4n) may change
        heap.f32[(p1 >> 2) + n] = 123;
        heap.f32[(p2 >> 2) + n] = 123;
        kernels.tanh_f32(p1, n);
        wasmKernels.tanh_f32(p2, n);
        const js = src.slice();
        tanhF32Js(js);
        expect(same(heap.f32.subarray(p1 >> 2, (p1 >> 2) + n), js)).toBe(true);
        expect(same(heap.f32.subarray(p2 >> 2, (p2 >> 2) + n), js)).toBe(true);
        expect(heap.f32[(p1 >> 2) + n]).toBe(123);
        expect(heap.f32[(p2 >> 2) + n]).toBe(123);
        heapFree(p1 - 4 * shift, 4 * (n + 4));
        heapFree(p2 - 4 * shift, 4 * (n + 4));
      }
    }
  });

  it('the whole sweep in one call: native/WebAssembly in place = JS twin; tanhF32 picks either', () => {
    const inHeap = wasmAlloc.f32(xs.length);
    inHeap.set(xs);
    const w = heapMalloc(4 * xs.length);
    heap.f32.set(xs, w >> 2);
    wasmKernels.tanh_f32(w, xs.length);
    tanhF32(inHeap); // the kernels (native when loaded)
    const js = xs.slice();
    tanhF32(js); // not in the memory: the twin
    expect(same(inHeap, js)).toBe(true);
    expect(same(heap.f32.subarray(w >> 2, (w >> 2) + xs.length), js)).toBe(true);
    expect(heapOffset(inHeap)).toBeGreaterThanOrEqual(0); // it did take the kernel path
  });

  it.skipIf(kernelBackend === 'wasm')('native tanh_f32 outside the memory throws instead of writing', () => {
    expect(() => kernels.tanh_f32(heap.u8.byteLength - 8, 1000)).toThrow(RangeError);
  });
});

describe('applyNonlinearity tanh', () => {
  it('float32 → float32 is tanhF32 (in place and into out); float64 stays Math.tanh, in the memory too', () => {
    const rng = Rng.fromSeed(3);
    const x = Float32Array.from({ length: 1001 }, () => 3 * rng.normal());
    const expected = x.slice();
    tanhF32Js(expected);
    const inPlace = x.slice();
    applyNonlinearity('tanh', inPlace);
    expect(same(inPlace, expected)).toBe(true);
    const out = new Float32Array(x.length);
    const x0 = x.slice();
    applyNonlinearity('tanh', x, out);
    expect(same(out, expected)).toBe(true);
    expect(same(x, x0)).toBe(true); // the input untouched
    const heapArr = wasmAlloc.f32(x.length);
    heapArr.set(x);
    applyNonlinearity('tanh', heapArr);
    expect(same(heapArr, expected)).toBe(true);

    const x64 = wasmAlloc.f64(x.length); // in the memory: the native float64 kernel where it is loaded
    x64.set(x);
    applyNonlinearity('tanh', x64);
    expect(same(x64, Float64Array.from(x, Math.tanh))).toBe(true);
  });
});
