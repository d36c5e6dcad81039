/**
 * The numerical kernels (issue #8) beside the same algorithms in numpy on one thread (bench/python/kernels.py):
 * dense mat-vec float64/float32 and mat-mat, an ESN step (dense and CSR, 10 % density), the ridge readout (Gram
 * matrix, Cholesky, the whole fit), the RLS update of FORCE, Hopfield sweeps and a LIF network, the last also beside
 * Brian2 where it is installed (bench/python/lif_brian2.py). Arrays are allocated as a session's are (`sharedAlloc`,
 * i.e. in the WebAssembly memory), so the SIMD kernels run in place; the plain-JS twin (arrays outside that memory:
 * same operations, same bits) is shown in the note. Roofline figures for the mat-vecs are issue #8's L3-bandwidth
 * bounds for this machine type (17.6 GFLOP/s float64, 47.7 float32).
 *
 * Both sides are timed in CPU time of their own process (process.cpuUsage here, time.process_time in Python), not
 * wall time: on a shared machine with a load of 20 on two cores, wall time measures the other tenants. With one
 * compute thread on each side the two agree on an idle machine; node's GC and compiler threads count against us.
 */
import type { BenchContext } from '../harness.js';
import { sharedAlloc, plainAlloc, type Alloc } from '../../src/engine/alloc.js';
import { matVec, matVecF32 } from '../../src/engine/linalg/dense.js';
import { matMul, gramMatrix } from '../../src/engine/linalg/gemm.js';
import { choleskyFactor } from '../../src/engine/linalg/cholesky.js';
import { ridgeFit } from '../../src/engine/linalg/ridge.js';
import { csrFromDense, csrMatVec } from '../../src/engine/linalg/sparse.js';
import { rlsUpdate, rlsReset } from '../../src/engine/linalg/rls.js';
import { fieldSweep } from '../../src/engine/linalg/field-sweep.js';
import { lifStep, addRows, scaleInPlace } from '../../src/engine/linalg/spiking.js';
import { Rng } from '../../src/engine/random/rng.js';
import { kernelBackend, wasmKernels, heapOffset } from '../../src/engine/wasm/heap.js';

/** Which kernels ran: native x86 vectors (src/engine/native) or the portable WebAssembly SIMD ones. */
const BACKEND = kernelBackend === 'wasm' ? 'WebAssembly SIMD' : `native ${kernelBackend.replace('native-', '')}`;

const ROOFLINE_F64 = 17.6;
const ROOFLINE_F32 = 47.7;

interface Py {
  matvecF64: number;
  matvecF32: number;
  matmulF64: number;
  esnDense: number;
  esnCsr: number | null;
  gramMs: number;
  choleskyMs: number;
  ridgeS: number;
  rlsPerS: number;
  hopfieldMs: number;
  lifSimSPerS: number;
  lifRateHz: number;
}

function normals(alloc: Alloc, n: number, rng: Rng, scale = 1): Float64Array {
  const a = alloc.f64(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal() * scale;
  return a;
}

/** Median CPU milliseconds (user + system) of `fn` over `repeats` runs after one warm-up. */
function cpuTime(fn: () => void, repeats: number): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1000);
  }
  ts.sort((p, q) => p - q);
  return ts[ts.length >> 1]!;
}

export default async function bench(ctx0: BenchContext): Promise<void> {
  const ctx = { ...ctx0, time: (fn: () => void, repeats?: number) => cpuTime(fn, repeats ?? (ctx0.quick ? 3 : 7)) };
  const n = 1000;
  const T = ctx.quick ? 2000 : 10000;
  const py = ctx.python('kernels.py', { n, quick: ctx.quick, ridgeRows: T }) as Py | null;
  const ref = (v: number | null | undefined) => (py && v ? { name: 'numpy (1 thread)', value: v } : null);
  const rng = Rng.fromSeed(1);

  // ---- mat-vec float64 and float32
  const a = normals(sharedAlloc, n * n, rng);
  const x = normals(sharedAlloc, n, rng);
  const y = sharedAlloc.f64(n);
  const inner = ctx.quick ? 50 : 200;
  const gf = (ms: number, flops: number) => flops / ms / 1e6;
  const mvMs = ctx.time(() => {
    for (let r = 0; r < inner; r++) matVec(a, n, n, x, y);
  });
  const aJs = Float64Array.from(a);
  const xJs = Float64Array.from(x);
  const yJs = new Float64Array(n);
  const mvJsMs = ctx.time(() => {
    for (let r = 0; r < inner / 10; r++) matVec(aJs, n, n, xJs, yJs);
  }, 3);
  const mv = gf(mvMs, 2 * n * n * inner);
  // The portable WebAssembly kernel on the same arrays (what a machine without AVX2 gets; same bits).
  const [hA, hX, hY] = [heapOffset(a), heapOffset(x), heapOffset(y)];
  const mvWasm = gf(ctx.time(() => {
    for (let r = 0; r < inner; r++) wasmKernels.matvec_f64(hA, n, n, hX, hY, 0);
  }, 3), 2 * n * n * inner);
  ctx.report({
    name: `mat-vec float64 N=${n} (${BACKEND})`,
    value: mv,
    unit: 'GFLOP/s',
    higherIsBetter: true,
    reference: ref(py?.matvecF64),
    note: `${((100 * mv) / ROOFLINE_F64).toFixed(0)} % of roofline; WebAssembly SIMD ${mvWasm.toFixed(1)}, plain-JS twin ${gf(mvJsMs, (2 * n * n * inner) / 10).toFixed(2)} GFLOP/s`,
  });
  const a32 = sharedAlloc.f32(n * n);
  a32.set(a);
  const x32 = sharedAlloc.f32(n);
  x32.set(x);
  const y32 = sharedAlloc.f32(n);
  const mv32 = gf(ctx.time(() => {
    for (let r = 0; r < inner; r++) matVecF32(a32, n, n, x32, y32);
  }), 2 * n * n * inner);
  const [pa32, px32, py32] = [heapOffset(a32), heapOffset(x32), heapOffset(y32)];
  const mv32Wasm = gf(ctx.time(() => {
    for (let r = 0; r < inner; r++) wasmKernels.matvec_f32(pa32, n, n, px32, py32, 0);
  }, 3), 2 * n * n * inner);
  ctx.report({
    name: `mat-vec float32 N=${n} (${BACKEND})`,
    value: mv32,
    unit: 'GFLOP/s',
    higherIsBetter: true,
    reference: ref(py?.matvecF32),
    note: `${((100 * mv32) / ROOFLINE_F32).toFixed(0)} % of roofline; WebAssembly SIMD ${mv32Wasm.toFixed(1)} GFLOP/s`,
  });

  // ---- mat-mat
  const b = normals(sharedAlloc, n * n, rng);
  const c = sharedAlloc.f64(n * n);
  const mmMs = ctx.time(() => matMul(a, b, n, n, n, c), ctx.quick ? 1 : 3);
  ctx.report({ name: `mat-mat float64 N=${n}`, value: gf(mmMs, 2 * n ** 3), unit: 'GFLOP/s', higherIsBetter: true, reference: ref(py?.matmulF64) });

  // ---- ESN step, 10 % density: x ← tanh(W·x + w_in·u)
  const w = sharedAlloc.f64(n * n);
  for (let i = 0; i < n * n; i++) if (rng.bernoulli(0.1)) w[i] = (rng.normal() * 0.9) / Math.sqrt(0.1 * n);
  const win = sharedAlloc.f64(n);
  for (let i = 0; i < n; i++) win[i] = rng.range(-1, 1);
  const xs = sharedAlloc.f64(n);
  const pre = sharedAlloc.f64(n);
  const esnSteps = ctx.quick ? 100 : 500;
  const esn = (mv: () => void) => () => {
    for (let t = 0; t < esnSteps; t++) {
      mv();
      const u = Math.sin(0.1 * t);
      for (let i = 0; i < n; i++) xs[i] = Math.tanh(pre[i]! + win[i]! * u);
    }
  };
  const denseMs = ctx.time(esn(() => matVec(w, n, n, xs, pre)));
  ctx.report({ name: `ESN step N=${n}, 10 % density, dense`, value: (esnSteps / denseMs) * 1000, unit: 'steps/s', higherIsBetter: true, reference: ref(py?.esnDense) });
  const csr = csrFromDense(w, n, n, sharedAlloc);
  const csrMs = ctx.time(esn(() => csrMatVec(csr, xs, pre)));
  ctx.report({
    name: `ESN step N=${n}, 10 % density, CSR`,
    value: (esnSteps / csrMs) * 1000,
    unit: 'steps/s',
    higherIsBetter: true,
    reference: py?.esnCsr ? { name: 'scipy CSR (1 thread)', value: py.esnCsr } : null,
    note: py ? `numpy dense: ${py.esnDense.toFixed(0)} steps/s` : undefined,
  });

  // ---- ridge readout: Gram, Cholesky, whole fit (T × N states, one output)
  const X = normals(plainAlloc, T * n, rng);
  const Y = normals(plainAlloc, T, rng);
  const G = new Float64Array(n * n);
  const gramMs = ctx.time(() => gramMatrix(X, T, n, G), 1);
  ctx.report({
    name: `Gram XᵀX, ${T}×${n}`,
    value: gramMs,
    unit: 'ms',
    higherIsBetter: false,
    reference: py ? { name: 'numpy (1 thread)', value: py.gramMs } : null,
    note: `${gf(gramMs, T * n * (n + 1)).toFixed(1)} GFLOP/s (T·N(N+1) flops, symmetric)`,
  });
  for (let i = 0; i < n; i++) G[i * n + i]! += 1e-6;
  const L = new Float64Array(n * n);
  const cholMs = ctx.time(() => {
    L.set(G);
    choleskyFactor(L, n);
  }, ctx.quick ? 1 : 3);
  ctx.report({ name: `Cholesky N=${n}`, value: cholMs, unit: 'ms', higherIsBetter: false, reference: py ? { name: 'numpy (1 thread)', value: py.choleskyMs } : null, note: `${gf(cholMs, n ** 3 / 3).toFixed(1)} GFLOP/s` });
  const ridgeMs = ctx.time(() => ridgeFit(X, T, n, Y, 1, { lambda: 1e-6 }), 1);
  ctx.report({
    name: `ridge fit ${T}×${n} states (Cholesky)`,
    value: ridgeMs / 1000,
    unit: 's',
    higherIsBetter: false,
    reference: py ? { name: 'numpy+scipy cho_solve (1 thread)', value: py.ridgeS } : null,
  });

  // ---- RLS update (FORCE), N × N
  const P = sharedAlloc.f64(n * n);
  rlsReset(P, n, 1);
  const r = sharedAlloc.f64(n);
  for (let i = 0; i < n; i++) r[i] = Math.tanh(rng.normal());
  const k = sharedAlloc.f64(n);
  const rlsInner = ctx.quick ? 10 : 50;
  const rlsMs = ctx.time(() => {
    for (let i = 0; i < rlsInner; i++) rlsUpdate(P, n, r, k);
  }, 3);
  ctx.report({ name: `RLS update N=${n}`, value: (rlsInner / rlsMs) * 1000, unit: 'updates/s', higherIsBetter: true, reference: ref(py?.rlsPerS) });

  // ---- Hopfield: 10 asynchronous sweeps
  const Wh = sharedAlloc.f64(n * n);
  const pats = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : -1)));
  for (const p of pats) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) Wh[i * n + j]! += (p[i]! * p[j]!) / n;
  const order = sharedAlloc.i32(10 * n);
  for (let s = 0; s < 10; s++) order.set(rng.permutation(n), s * n);
  const sv = sharedAlloc.f64(n);
  const hopMs = ctx.time(() => {
    for (let i = 0; i < n; i++) sv[i] = rng.bernoulli(0.5) ? 1 : -1;
    fieldSweep(Wh, n, sv, order, 10 * n);
  });
  ctx.report({ name: `Hopfield N=${n}, 10 asynchronous sweeps`, value: hopMs, unit: 'ms', higherIsBetter: false, reference: py ? { name: 'numpy (1 thread)', value: py.hopfieldMs } : null });

  // ---- LIF network: τm 20 ms, τs 5 ms, t_ref 2 ms, θ = 1, drive U(0.9, 1.3), W 10 % at 0.02, dt 0.1 ms
  const dt = 0.1;
  const alpha = Math.exp(-dt / 20);
  const decay = Math.exp(-dt / 5);
  const Wl = sharedAlloc.f64(n * n);
  for (let i = 0; i < n * n; i++) if (rng.bernoulli(0.1)) Wl[i] = 0.02;
  const drive = sharedAlloc.f64(n);
  for (let i = 0; i < n; i++) drive[i] = rng.range(0.9, 1.3);
  const v = sharedAlloc.f64(n);
  const refr = sharedAlloc.f64(n);
  const syn = sharedAlloc.f64(n);
  const cur = sharedAlloc.f64(n);
  const spikes = sharedAlloc.i32(n);
  const simMs = ctx.quick ? 200 : 1000;
  let count = 0;
  const lifMs = ctx.time(() => {
    v.fill(0);
    refr.fill(0);
    syn.fill(0);
    count = 0;
    const p = { alpha, beta: 1 - alpha, vRest: 0, vTh: 1, vReset: 0, tRef: 2, dt };
    for (let t = 0; t < simMs / dt; t++) {
      for (let i = 0; i < n; i++) cur[i] = drive[i]! + syn[i]!;
      const c = lifStep(v, cur, refr, n, p, spikes);
      scaleInPlace(syn, n, decay);
      if (c) addRows(Wl, n, spikes, c, syn);
      count += c;
    }
  }, 3);
  ctx.report({
    name: `LIF network N=${n}, dt 0.1 ms, dense synapses`,
    value: simMs / lifMs,
    unit: 'sim s/s',
    higherIsBetter: true,
    reference: py ? { name: 'numpy (1 thread)', value: py.lifSimSPerS } : null,
    note: `${(count / n / (simMs / 1000)).toFixed(1)} Hz${py ? ` (numpy ${py.lifRateHz.toFixed(1)} Hz)` : ''}`,
  });

  // ---- the same LIF network in Brian2 (bench/python/lif_brian2.py: NeuronGroup, method 'exact', Synapses on_pre),
  // Cython runtime target where it compiles; issue #8's goal is ≥ 1.5× its sim-seconds per second.
  const br = ctx.python('lif_brian2.py', { n, quick: ctx.quick }) as Brian2 | null;
  if (br?.brian2 && br.lifSimSPerS && br.lifRateHz !== undefined) {
    ctx.report({
      name: `LIF network N=${n}, dt 0.1 ms vs Brian2 (${br.target})`,
      value: simMs / lifMs,
      unit: 'sim s/s',
      higherIsBetter: true,
      reference: { name: `Brian2 ${br.brian2} ${br.target}`, value: br.lifSimSPerS },
      note: `${(count / n / (simMs / 1000)).toFixed(1)} Hz (Brian2 ${br.lifRateHz.toFixed(1)} Hz, own random draws); goal ≥ 1.5×`,
    });
  } else if (br) {
    console.log(`LIF network vs Brian2: Brian2 is not installed here (Debian: apt-get install python3-brian, for /usr/bin/python3)`);
  } else {
    console.log('LIF network vs Brian2: bench/python/lif_brian2.py failed (python3 missing, or see the error above)');
  }
}

/** What bench/python/lif_brian2.py prints: `brian2` is null when no interpreter here has it. */
interface Brian2 {
  brian2: string | null;
  python: string;
  target?: 'cython' | 'numpy';
  lifSimSPerS?: number;
  lifRateHz?: number;
}
