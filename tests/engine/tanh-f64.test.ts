/**
 * The native float64 tanh (src/engine/native/kernels.c, fdlibm_tanh and its 8-lane version) against Math.tanh:
 * the same bits (tolerance: none) on a million values spread over every magnitude, both sides of every branch
 * threshold of fdlibm's tanh and expm1, random bit patterns (every exponent, NaN, ±∞, subnormals), and through
 * applyNonlinearity for arrays inside and outside the WebAssembly memory.
 */
import { describe, expect, it } from 'vitest';
import { heap, heapMalloc, kernelBackend, nativeTanhF64 } from '../../src/engine/wasm/heap.js';
import { applyNonlinearity } from '../../src/engine/nonlinearity.js';
import { wasmAlloc } from '../../src/engine/wasm/heap.js';
import { Rng } from '../../src/engine/random/rng.js';

const rng = Rng.fromSeed(7);
const bits = new BigUint64Array(1);
const f = new Float64Array(bits.buffer);

function inputs(): Float64Array {
  const v: number[] = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1, -1, 22, -22, 2 ** -28, -(2 ** -28), 1e-300, 710, -710];
  const around = (x: number, width: number) => {
    for (let d = -width; d <= width; d++) {
      f[0] = x;
      bits[0] = BigInt.asUintN(64, bits[0]! + BigInt(d));
      v.push(f[0]!, -f[0]!);
    }
  };
  const high = (h: number) => {
    bits[0] = BigInt(h) << 32n;
    return f[0]!;
  };
  // tanh's own thresholds (|x| = 2^-28, 1, 22) and expm1's on a = 2|x| (0.5 ln2, 1.5 ln2, 56 ln2, 2^-54)
  for (const h of [0x3e300000, 0x3ff00000, 0x40360000]) around(high(h), 300);
  for (const h of [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x4043687a, 0x3c900000]) around(high(h) / 2, 300);
  // every reduction index k of expm1 (k·ln2/2 and (k+½)·ln2/2 in x), incl. k = 20 and 56 where the formula changes
  for (let k = -4; k <= 64; k++) {
    around((k * Math.LN2) / 2, 50);
    around(((k + 0.5) * Math.LN2) / 2, 50);
  }
  for (let i = 0; i < 400_000; i++) v.push((rng.uniform() < 0.5 ? -1 : 1) * 2 ** rng.range(-40, 6));
  for (let i = 0; i < 200_000; i++) v.push(rng.range(-25, 25));
  for (let i = 0; i < 100_000; i++) {
    bits[0] = (BigInt(rng.nextUint32()) << 32n) | BigInt(rng.nextUint32());
    v.push(f[0]!);
  }
  return Float64Array.from(v);
}

describe.skipIf(kernelBackend === 'wasm')('native float64 tanh = Math.tanh, bit for bit', () => {
  const xs = inputs();

  it(`on ${'~'}800,000 values: every branch, every magnitude, random bit patterns`, () => {
    const p = heapMalloc(xs.length * 8);
    heap.f64.set(xs, p >> 3);
    expect(nativeTanhF64(p, xs.length)).toBe(true);
    const got = heap.f64.subarray(p >> 3, (p >> 3) + xs.length);
    let mismatches = 0;
    let first = '';
    for (let i = 0; i < xs.length; i++) {
      if (!Object.is(got[i], Math.tanh(xs[i]!))) {
        if (!first) first = `tanh(${xs[i]}) = ${got[i]}, Math.tanh says ${Math.tanh(xs[i]!)}`;
        mismatches++;
      }
    }
    expect(first).toBe('');
    expect(mismatches).toBe(0);
  });

  it('every tail length, and through applyNonlinearity in and outside the WebAssembly memory', () => {
    for (const n of [1, 7, 8, 63, 64, 65, 71, 1000, 1003]) {
      const x = xs.subarray(1000, 1000 + n);
      const inHeap = wasmAlloc.f64(n);
      inHeap.set(x);
      const plain = Float64Array.from(x);
      applyNonlinearity('tanh', inHeap);
      applyNonlinearity('tanh', plain);
      for (let i = 0; i < n; i++) {
        expect(Object.is(inHeap[i], plain[i])).toBe(true);
        expect(Object.is(inHeap[i], Math.tanh(x[i]!))).toBe(true);
      }
      // into a separate output array, the input untouched
      const src = wasmAlloc.f64(n);
      src.set(x);
      const out = wasmAlloc.f64(n);
      applyNonlinearity('tanh', src, out);
      for (let i = 0; i < n; i++) expect(Object.is(out[i], Math.tanh(x[i]!)) && Object.is(src[i], x[i])).toBe(true);
    }
  });
});
