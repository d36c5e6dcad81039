/**
 * The WebAssembly kernels (kernels.wat, assembled at build time) and the memory they work in.
 *
 * The memory is one shared WebAssembly.Memory for the process (workers receive it through `wasmWorkerData`), and
 * model state is allocated in it (`sharedAlloc` = `wasmAlloc`), so a kernel reads an N×N matrix in place on any
 * thread: no per-call copy. Arrays that live elsewhere (plain or other SharedArrayBuffers, or a worker that was not
 * given the memory) still work: the per-step kernels then run their plain-JS twins, which perform the same
 * operations in the same order, so the bits are the same whichever path ran (tests/engine/kernels.test.ts checks
 * this). Vectors are copied to a per-thread scratch block when needed (O(N) against the O(N²) work).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import v8 from 'node:v8';
import { wasmBase64 } from './kernels.wasm.js';
import type { Alloc } from '../alloc.js';

export interface Kernels {
  dot_f64(a: number, b: number, n: number): number;
  matvec_f64(a: number, rows: number, cols: number, x: number, y: number, accum: number): void;
  mattvec_f64(a: number, rows: number, cols: number, x: number, y: number): void;
  add_rows_f64(w: number, cols: number, idx: number, count: number, out: number): void;
  matvec_f32(a: number, rows: number, cols: number, x: number, y: number, accum: number): void;
  tanh_f32(p: number, n: number): void;
  zero_bytes(p: number, n: number): void;
  csr_matvec_f64(rowPtr: number, col: number, val: number, rows: number, x: number, y: number, accum: number): void;
  rls_update_f64(p: number, n: number, r: number, k: number): number;
  field_sweep_f64(w: number, n: number, s: number, order: number, count: number, bias: number, hasBias: number,
    thr: number, hasThr: number, hi: number, lo: number, tie: number): number;
  lif_step_f64(v: number, cur: number, ref: number, n: number, alpha: number, beta: number, vRest: number, vTh: number,
    vReset: number, tRef: number, dt: number, spikes: number): number;
  scale_f64(x: number, n: number, f: number): void;
  gemm_tn_block_f64(pa: number, pb: number, tb: number, ma: number, nb: number, c: number, sym: number): void;
  pack_panels_f64(x: number, cols: number, t0: number, tb: number, out: number): void;
  cholesky_f64(a: number, n: number): number;
  chol_solve_f64(l: number, n: number, b: number): void;
}

/** The few WebAssembly JS-API types used here (the project's lib settings do not declare the namespace). */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: { new (d: { initial: number; maximum: number; shared: boolean }): WasmMemory; prototype: WasmMemory };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;
/** 2 GiB of address space; pages are committed only as they are used. */
const MAX_PAGES = 32_768;
const ALIGN = 64;
/** Header words (Uint32 indices): [4..8) a random tag naming this memory, [8] the shared bump pointer, [9] the maximum pages. */
const TAG_AT = 4;
const TOP_AT = 8;
const MAX_PAGES_AT = 9;
const HEADER_BYTES = 64;

/**
 * One memory for the whole process: the main thread creates it and hands it to the worker threads through
 * `wasmWorkerData()` (piscina's `workerData` option), so a state array allocated on any thread is in every thread's
 * memory and no thread copies a matrix. A worker started without it makes its own (results stay the same).
 */
function sharedMemoryFromParent(): WasmMemory | null {
  const m = (workerData as { rnnlabWasmMemory?: unknown } | null)?.rnnlabWasmMemory;
  return m instanceof WA.Memory ? (m as WasmMemory) : null;
}

const inherited = sharedMemoryFromParent();
/** Reserve 2 GiB of address space if the process may, else less (a ulimit on virtual memory). */
function createMemory(): { memory: WasmMemory; maxPages: number } {
  for (const maxPages of [MAX_PAGES, 8_192, 2_048]) {
    try {
      return { memory: new WA.Memory({ initial: 16, maximum: maxPages, shared: true }), maxPages };
    } catch {
      // try a smaller reservation
    }
  }
  throw new RangeError('cannot reserve a shared WebAssembly memory');
}
const created = inherited ? null : createMemory();
export const memory: WasmMemory = inherited ?? created!.memory;
/**
 * Compile the kernel module with V8's optimising tier at once. With dynamic tiering (the default) a kernel starts in
 * the baseline compiler and is promoted only after a budget of calls: the LIF kernels ran 1.6–2× slower for the
 * first ~3 simulated seconds of a run (measured at N = 1000). The flag is read when a module is compiled, so it is
 * set around this module only (tfjs's large WebAssembly module keeps the default). Same bits either way.
 */
function compileKernels(): object {
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  try {
    return new WA.Module(Buffer.from(wasmBase64, 'base64'));
  } finally {
    v8.setFlagsFromString('--wasm-dynamic-tiering');
  }
}

/** The WebAssembly kernels themselves (tests compare the native ones with these). */
export const wasmKernels = new WA.Instance(compileKernels(), {
  env: { memory },
}).exports as unknown as Kernels;

// ---- native kernels (src/engine/native/kernels.c): the same operations in the same order with 256/512-bit x86
// vectors, so the same bits; loaded when `npm run build` could compile them (dist/native/) and the CPU has AVX2.
// RNNLAB_KERNELS=wasm keeps the WebAssembly kernels (for comparisons); the default is to use native when present.

/** Native kernels answer −1 (and do nothing) when a region lies outside the memory they were last shown. */
interface NativeKernels {
  init(view: Uint8Array<ArrayBufferLike>): string;
  matvec_f64(a: number, rows: number, cols: number, x: number, y: number, accum: number): number;
  matvec_f32(a: number, rows: number, cols: number, x: number, y: number, accum: number): number;
  tanh_f32(p: number, n: number): number;
  gemm_tn_block_f64(pa: number, pb: number, tb: number, ma: number, nb: number, c: number, sym: number): number;
  cholesky_f64(a: number, n: number): number;
  lif_step_f64(v: number, cur: number, ref: number, n: number, alpha: number, beta: number, vRest: number, vTh: number,
    vReset: number, tRef: number, dt: number, spikes: number): number;
  add_rows_f64(w: number, cols: number, idx: number, count: number, out: number): number;
  tanh_f64(p: number, n: number): number;
}

/** The package root: the nearest folder above this module with package.json (src/… in tests, dist/src/… built). */
function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return null;
}

function loadNativeKernels(): { mod: NativeKernels; isa: string } | null {
  if (process.env.RNNLAB_KERNELS === 'wasm') return null;
  const root = packageRoot();
  const file = root && path.join(root, 'dist/native/rnnlab_kernels.node');
  if (!file || !existsSync(file)) return null;
  try {
    const mod = createRequire(import.meta.url)(file) as NativeKernels;
    const isa = mod.init(heap.u8);
    return isa ? { mod, isa } : null;
  } catch {
    return null;
  }
}

/** Pass as (or merge into) piscina's `workerData` so the workers' kernels share this thread's memory. */
export function wasmWorkerData(): { rnnlabWasmMemory: WasmMemory } {
  return { rnnlabWasmMemory: memory };
}

/** Views on the whole memory, renewed after each grow. */
export const heap: {
  f64: Float64Array<ArrayBufferLike>;
  f32: Float32Array<ArrayBufferLike>;
  i32: Int32Array<ArrayBufferLike>;
  u32: Uint32Array<ArrayBufferLike>;
  u8: Uint8Array<ArrayBufferLike>;
} = {
  f64: new Float64Array(0),
  f32: new Float32Array(0),
  i32: new Int32Array(0),
  u32: new Uint32Array(0),
  u8: new Uint8Array(0),
};
/** Buffers known to be (or not to be) this memory: growing, and posting between threads, yield new objects. */
const ownership = new WeakMap<ArrayBufferLike, boolean>();
let native: { mod: NativeKernels; isa: string } | null = null;
function refreshViews(): void {
  const b = memory.buffer;
  ownership.set(b, true);
  heap.f64 = new Float64Array(b);
  heap.f32 = new Float32Array(b);
  heap.i32 = new Int32Array(b);
  heap.u32 = new Uint32Array(b);
  heap.u8 = new Uint8Array(b);
  // The memory grew: tell the native kernels (if loaded) the new extent of their view.
  native?.mod.init(heap.u8);
}
refreshViews();
native = loadNativeKernels();

/** Which kernels run the hot loops here: 'native-avx512', 'native-avx2' or 'wasm'. */
export const kernelBackend: string = native ? `native-${native.isa}` : 'wasm';

/**
 * Below this many multiply-adds a kernel stays in WebAssembly: a Node-API call costs ~0.1 µs more than a call into
 * WebAssembly. Either way the bits are the same.
 */
const NATIVE_MIN_WORK = 4096;
/** Elementwise kernels (LIF step, spike propagation): native from this many elements (measured: LIF N = 1000
 * 1.35 µs WebAssembly, 0.39 µs native; five rows of 1,000 added 0.89 → 0.54 µs). */
const NATIVE_MIN_ELEMENTWISE = 256;
/** The same for the float32 tanh (linalg/tanh-f32.ts), in values: WebAssembly takes ~4 ns a value, native ~0.2. */
const NATIVE_MIN_TANH = 32;

/**
 * A native kernel answered −1: another thread grew the memory past this thread's last view, or an offset is bad.
 * Renew the view and try once more; a second −1 is a bad offset from our own code: an error, never a silent wrong
 * answer. (Only this rare path allocates a closure; the hot path is a plain call and a compare.)
 */
function retried(call: () => number): number {
  refreshViews();
  const r = call();
  if (r === -1) throw new RangeError('native kernel: a region outside the WebAssembly memory');
  return r;
}

function withNative(w: Kernels, n: NativeKernels | null): Kernels {
  if (!n) return w;
  return {
    ...w,
    matvec_f64(a, rows, cols, x, y, accum) {
      if (rows * cols < NATIVE_MIN_WORK) return w.matvec_f64(a, rows, cols, x, y, accum);
      if (n.matvec_f64(a, rows, cols, x, y, accum) === -1) retried(() => n.matvec_f64(a, rows, cols, x, y, accum));
    },
    matvec_f32(a, rows, cols, x, y, accum) {
      if (rows * cols < NATIVE_MIN_WORK) return w.matvec_f32(a, rows, cols, x, y, accum);
      if (n.matvec_f32(a, rows, cols, x, y, accum) === -1) retried(() => n.matvec_f32(a, rows, cols, x, y, accum));
    },
    tanh_f32(p, count) {
      if (count < NATIVE_MIN_TANH) return w.tanh_f32(p, count);
      if (n.tanh_f32(p, count) === -1) retried(() => n.tanh_f32(p, count));
    },
    gemm_tn_block_f64(pa, pb, tb, ma, nb, c, sym) {
      if (n.gemm_tn_block_f64(pa, pb, tb, ma, nb, c, sym) === -1) retried(() => n.gemm_tn_block_f64(pa, pb, tb, ma, nb, c, sym));
    },
    lif_step_f64(v, cur, ref, size, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes) {
      if (size < NATIVE_MIN_ELEMENTWISE) return w.lif_step_f64(v, cur, ref, size, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes);
      const r = n.lif_step_f64(v, cur, ref, size, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes);
      return r === -1 ? retried(() => n.lif_step_f64(v, cur, ref, size, alpha, beta, vRest, vTh, vReset, tRef, dt, spikes)) : r;
    },
    add_rows_f64(wp, cols, idx, count, out) {
      if (cols * count < NATIVE_MIN_ELEMENTWISE) return w.add_rows_f64(wp, cols, idx, count, out);
      if (n.add_rows_f64(wp, cols, idx, count, out) === -1) retried(() => n.add_rows_f64(wp, cols, idx, count, out));
    },
    cholesky_f64(a, size) {
      if (size < 16) return w.cholesky_f64(a, size);
      const r = n.cholesky_f64(a, size);
      return r === -1 ? retried(() => n.cholesky_f64(a, size)) : r;
    },
  };
}

/**
 * Probe values for the float64 tanh self-check: both sides of every branch threshold of fdlibm's tanh and expm1
 * (in x and in 2|x|), every reduction index k up to 64, the special values, and a spread of magnitudes.
 */
function tanhProbes(): Float64Array {
  const probes: number[] = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1, -1, 22, -22, 2 ** -28, 1e-300];
  const bits = new BigUint64Array(1);
  const f = new Float64Array(bits.buffer);
  const around = (v: number) => {
    for (let d = -3; d <= 3; d++) {
      f[0] = v;
      bits[0] = BigInt.asUintN(64, bits[0]! + BigInt(d));
      probes.push(f[0]!, -f[0]!);
    }
  };
  const high = (h: number) => {
    bits[0] = BigInt(h) << 32n;
    return f[0]!;
  };
  for (const h of [0x3e300000, 0x3ff00000, 0x40360000]) around(high(h));
  for (const h of [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x4043687a]) around(high(h) / 2);
  for (let k = -4; k <= 64; k++) around(((k + 0.5) * Math.LN2) / 2);
  for (let e = -30; e <= 5; e += 0.25) probes.push(2 ** e, -(2 ** e), 1.37 * 2 ** e);
  return Float64Array.from(probes);
}

/**
 * The native float64 tanh reproduces V8's Math.tanh (fdlibm) operation for operation. That holds for the V8 it was
 * checked against; a Node whose Math.tanh computed differently would break "the same bits on every path", so the
 * kernel is used only after it agrees with Math.tanh, bit for bit, on the probes at load.
 */
function checkNativeTanh(n: NativeKernels | null): boolean {
  if (!n) return false;
  const probes = tanhProbes();
  // its own block, not the scratch: the first call can come from inside a caller's use of the scratch
  const bytes = probes.length * 8;
  const p = heapMalloc(bytes);
  try {
    heap.f64.set(probes, p >> 3);
    if (n.tanh_f64(p, probes.length) !== 0) return false;
    for (let i = 0; i < probes.length; i++) if (!Object.is(heap.f64[(p >> 3) + i], Math.tanh(probes[i]!))) return false;
    return true;
  } finally {
    heapFree(p, bytes);
  }
}

/** The kernels every linalg function calls: native where loaded, WebAssembly otherwise (identical results). */
export const kernels: Kernels = withNative(wasmKernels, native?.mod ?? null);

/** Below this many values the float64 tanh loops over Math.tanh (a Node-API call would cost more than it saves). */
export const NATIVE_MIN_TANH_F64 = 64;

let nativeTanh: NativeKernels | null | undefined;
/**
 * tanh in place over n float64 values at byte offset p, with exactly Math.tanh's results: true when the native
 * kernel did it (vectorised, ~4× faster at n = 1000), false when the caller must loop over Math.tanh itself.
 */
export function nativeTanhF64(p: number, n: number): boolean {
  if (nativeTanh === undefined) nativeTanh = checkNativeTanh(native?.mod ?? null) ? native!.mod : null;
  if (!nativeTanh || n < NATIVE_MIN_TANH_F64) return false;
  const t = nativeTanh;
  if (t.tanh_f64(p, n) === -1) retried(() => t.tanh_f64(p, n));
  return true;
}

if (!inherited) {
  // A 128-bit random tag (crypto-random: it names the memory, it is no model randomness) and the bump pointer.
  crypto.getRandomValues(heap.u32.subarray(TAG_AT, TAG_AT + 4));
  Atomics.store(heap.u32, TOP_AT, HEADER_BYTES);
  Atomics.store(heap.u32, MAX_PAGES_AT, created!.maxPages);
}
/** The memory's maximum size in bytes (written in the header by the thread that created it). */
const maxBytes = Atomics.load(heap.u32, MAX_PAGES_AT) * PAGE;
const tag = Array.from(heap.u32.subarray(TAG_AT, TAG_AT + 4));

/** Is `b` a view of this memory (perhaps as received from another thread)? One tag comparison per buffer object. */
function owns(b: ArrayBufferLike): boolean {
  let known = ownership.get(b);
  if (known === undefined) {
    known = false;
    if (b instanceof SharedArrayBuffer && b.byteLength >= HEADER_BYTES && b.byteLength <= memory.buffer.byteLength) {
      const w = new Uint32Array(b, TAG_AT * 4, 4);
      known = w[0] === tag[0] && w[1] === tag[1] && w[2] === tag[2] && w[3] === tag[3];
    }
    ownership.set(b, known);
  }
  return known;
}

/** Byte offset of `arr` in the WebAssembly memory, or −1 when it lives elsewhere. */
export function heapOffset(arr: ArrayBufferView): number {
  return owns(arr.buffer) ? arr.byteOffset : -1;
}

// ---- allocator: a bump pointer shared by all threads (Atomics), plus per-thread exact-size free lists
const freeLists = new Map<number, number[]>();

function ensure(end: number): void {
  // Another thread may have grown the memory already; grow only what is still missing.
  while (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
  if (heap.u8.byteLength < end || heap.u8.buffer !== memory.buffer) refreshViews();
}

/** Allocate `bytes` (64-byte aligned, zeroed) in the heap; returns the byte offset. Throws when memory is full. */
export function heapMalloc(bytes: number): number {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const list = freeLists.get(size);
  if (list && list.length) {
    const p = list.pop()!;
    heap.u8.fill(0, p, p + size);
    return p;
  }
  if (Atomics.load(heap.u32, TOP_AT) + size > maxBytes) throw new RangeError('WebAssembly heap full');
  const p = Atomics.add(heap.u32, TOP_AT, size);
  if (p + size > maxBytes) throw new RangeError('WebAssembly heap full');
  ensure(p + size);
  return p;
}

export function heapFree(ptr: number, bytes: number): void {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  let list = freeLists.get(size);
  if (!list) freeLists.set(size, (list = []));
  list.push(ptr);
}

/** Bytes of the heap handed out so far (all threads), for tests and diagnostics. */
export function heapTop(): number {
  return Atomics.load(heap.u32, TOP_AT);
}

// ---- scratch: one reusable block for a kernel call's temporaries (calls are synchronous, never re-entered)
let scratchPtr = 0;
let scratchBytes = 0;

/** A scratch area of at least `bytes`; valid until the next call of `scratch`. */
export function scratch(bytes: number): number {
  if (bytes > scratchBytes) {
    if (scratchBytes) heapFree(scratchPtr, scratchBytes);
    scratchBytes = Math.max(bytes, 2 * scratchBytes, 1 << 16);
    scratchPtr = heapMalloc(scratchBytes);
  }
  return scratchPtr;
}

/** Zero `count` float64 values of the heap from byte offset `ptr` (kernels.wat zero_bytes: a memset). */
export function zeroHeap(ptr: number, count: number): void {
  kernels.zero_bytes(ptr, count * 8);
}

/** Round a byte count up to the allocator's alignment (for carving a scratch block). */
export function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Copy a typed array into the heap at `ptr`. */
export function copyIn(src: Float64Array | Float32Array | Int32Array, ptr: number): void {
  if (src instanceof Float64Array) heap.f64.set(src, ptr >> 3);
  else if (src instanceof Float32Array) heap.f32.set(src, ptr >> 2);
  else heap.i32.set(src, ptr >> 2);
}

/** Copy `n` values from the heap at `ptr` into `dst`. */
export function copyOut(ptr: number, dst: Float64Array | Float32Array | Int32Array, n = dst.length): void {
  if (dst instanceof Float64Array) dst.set(heap.f64.subarray(ptr >> 3, (ptr >> 3) + n));
  else if (dst instanceof Float32Array) dst.set(heap.f32.subarray(ptr >> 2, (ptr >> 2) + n));
  else dst.set(heap.i32.subarray(ptr >> 2, (ptr >> 2) + n));
}

/** Blocks this thread allocated through `createWasmAlloc` (offset → bytes): only these can be released. */
const stateBlocks = new Map<number, number>();

/**
 * Allocate state in the WebAssembly memory: the kernels then read and write it in place, on every thread that shares
 * the memory (see `wasmWorkerData`). The arrays are SharedArrayBuffer views, like `sharedAlloc`'s always were; a
 * thread without the memory runs the JS twins on them, with identical results. Blocks are not reclaimed by the
 * garbage collector, because another thread may still hold a posted view: call `releaseState` when a session is
 * deleted. Past `budgetBytes` (default 512 MiB for the process) it falls back to plain SharedArrayBuffers, so a
 * crowded server degrades to the JS path instead of failing.
 */
export function createWasmAlloc(budgetBytes = 2 ** 29): Alloc {
  const place = (bytes: number): number | null => {
    if (bytes === 0 || heapTop() + bytes > budgetBytes) return null;
    try {
      const p = heapMalloc(bytes);
      stateBlocks.set(p, bytes);
      return p;
    } catch {
      return null;
    }
  };
  return {
    f64(n) {
      const p = place(n * 8);
      return p === null ? new Float64Array(new SharedArrayBuffer(Math.max(0, n) * 8)) : new Float64Array(memory.buffer, p, n);
    },
    f32(n) {
      const p = place(n * 4);
      return p === null ? new Float32Array(new SharedArrayBuffer(Math.max(0, n) * 4)) : new Float32Array(memory.buffer, p, n);
    },
    i32(n) {
      const p = place(n * 4);
      return p === null ? new Int32Array(new SharedArrayBuffer(Math.max(0, n) * 4)) : new Int32Array(memory.buffer, p, n);
    },
    u8(n) {
      const p = place(n);
      return p === null ? new Uint8Array(new SharedArrayBuffer(Math.max(0, n))) : new Uint8Array(memory.buffer, p, n);
    },
  };
}

export const wasmAlloc: Alloc = createWasmAlloc();

/**
 * Return the heap blocks of a state (any typed arrays inside it, however nested) that this thread allocated. Call
 * when a session is deleted or replaced; nothing may use the state afterwards. Arrays elsewhere are ignored.
 */
export function releaseState(state: unknown, seen = new Set<unknown>()): void {
  if (state === null || typeof state !== 'object' || seen.has(state)) return;
  seen.add(state);
  if (ArrayBuffer.isView(state)) {
    const p = heapOffset(state);
    const bytes = stateBlocks.get(p);
    if (p > 0 && bytes !== undefined && bytes === state.byteLength) {
      stateBlocks.delete(p);
      heapFree(p, bytes);
    }
    return;
  }
  for (const v of Object.values(state)) releaseState(v, seen);
}
