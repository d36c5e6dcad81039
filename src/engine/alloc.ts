/**
 * Typed arrays for model state, allocated on SharedArrayBuffer. A session's state (activities, weights) lives in
 * these buffers, so handing the state to a worker thread shares the memory instead of copying matrices, and the
 * main thread sees what the worker wrote when the run ends.
 */
import { wasmAlloc } from './wasm/heap.js';

export interface Alloc {
  f64(n: number): Float64Array;
  f32(n: number): Float32Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
}

/**
 * The default: arrays in the shared WebAssembly memory (src/engine/wasm/heap.ts), so the SIMD kernels read weight
 * matrices in place. Still SharedArrayBuffer views; past the heap's budget they are plain SharedArrayBuffers.
 */
export const sharedAlloc: Alloc = wasmAlloc;

/** Arrays on their own SharedArrayBuffers, outside the WebAssembly memory (the JS twins of the kernels run on them). */
export const separateSharedAlloc: Alloc = {
  f64: (n) => new Float64Array(new SharedArrayBuffer(Math.max(0, n) * 8)),
  f32: (n) => new Float32Array(new SharedArrayBuffer(Math.max(0, n) * 4)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(Math.max(0, n) * 4)),
  u8: (n) => new Uint8Array(new SharedArrayBuffer(Math.max(0, n))),
};

/** Plain (unshared) arrays: for benchmarks and tests that do not cross threads. */
export const plainAlloc: Alloc = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
};

/** Copy `src` into a new shared array of the same type. */
export function shareCopy<T extends Float64Array | Float32Array | Int32Array | Uint8Array>(src: T): T {
  const Ctor = src.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(src.byteLength));
  (out as unknown as { set(a: ArrayLike<number>): void }).set(src);
  return out;
}
