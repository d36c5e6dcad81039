/**
 * The reservoir: its fixed random weights and the one update every phase uses (runs, state harvesting, tests).
 *
 *   x(n+1) = (1 − C·a)·x(n) + C·f(W·x(n) + W_in·[b; u(n+1)] + W_fb·y(n) [+ ν(n)]) [+ C·ν(n)]   (Jaeger 2001 §6;
 *   y(n+1) = W_out·[x(n+1); u(n+1); 1]                                         Lukoševičius 2012 eqs. 2–4)
 *
 * C is the time constant (Jaeger) or leak rate (Lukoševičius, with decay a = 1); the noise ν enters inside f or after
 * it (config.noisePlacement).
 *
 * float64 (default): W sparse (CSR), everything Float64Array. float32 (`precision`): W dense N × N, W_in, W_fb, x and
 * the update's work buffers Float32Array, products by `matVecF32`; the readout (W_out, features, y, u) stays float64.
 */
import type { Alloc } from '../../engine/alloc.js';
import { matVec, matVecF32, matVecIn } from '../../engine/linalg/dense.js';
import { csrMatVec, csrToDense, type Csr } from '../../engine/linalg/sparse.js';
import { csrOperator, DENSE_LIMIT, eigenvalues, krylovSchurEigenvalues, maxModulus, type EigenScore, type Eigenvalues } from '../../engine/linalg/spectral.js';
import { applyNonlinearity } from '../../engine/nonlinearity.js';
import { allocFloat, type FloatArray } from '../../engine/precision.js';
import type { Rng } from '../../engine/random/rng.js';
import { leakGain, type EsnConfig } from './config.js';
import { featureCount, writeFeatures } from './readout.js';

export interface EsnState {
  [key: string]: unknown;
  /** Reservoir activations x (N); Float32Array in float32. */
  x: FloatArray;
  /** Readout output y (L), and the output of the previous step fed back through W_fb. */
  y: Float64Array;
  /** The input u of the last step (K). */
  u: Float64Array;
  /**
   * W (N × N) rescaled to the configured spectral radius: in CSR form in float64 (reservoirs are sparse), dense
   * row-major Float32Array in float32 (for the SIMD float32 mat-vec).
   */
  w: Csr | Float32Array;
  /** W_in (N × (K + 1)): column 0 is the bias column, then one column per input channel. */
  wIn: FloatArray;
  /** W_fb (N × L); all zeros without feedback. */
  wFb: FloatArray;
  /** float32 only: the fed-back output y rounded to float32 (L), for the W_fb kernel. */
  fb32?: Float32Array;
  /** W_out (L × F), F = N + K (if the readout sees u) + 1; zeros until trained. */
  wOut: Float64Array;
  outputs: number;
  trained: boolean;
  /** ρ(W) before and after rescaling, and the effective radius ρ((1 − a)I + aW) at the configured leak. */
  rawSpectralRadius: number;
  spectralRadius: number;
  effectiveSpectralRadius: number;
  /** Work buffers: pre-activation (N) and [b; u] (K + 1) in the reservoir's precision, features (F, float64). */
  pre: FloatArray;
  biasInput: FloatArray;
  features: Float64Array;
  /**
   * The known continuation of the trained task (for run metrics): target[i] is the desired output i steps after
   * training ended (NaN-free, length ≥ 0), in network coordinates; targetStart is the step count at that moment.
   */
  target: Float64Array;
  targetStart: number;
  /** Undo the task's squashing when computing errors in original coordinates (Mackey-Glass: y = tanh(s − 1)). */
  squash: 'none' | 'tanh-minus-1';
  /** Variance of the task signal in original coordinates (for NRMSE84). */
  targetVariance: number;
  /** Steps run since the end of training (to line up output with target). */
  sinceTrain: number;
  /** Steps since the output was last teacher-forced (0 at the end of training; absent in states persisted before). */
  freeSteps?: number;
  /** The last training was generative (the net runs free afterwards in live mode 'auto'). */
  generative: boolean;
  /** Free running feeds y back as the input u (no W_fb), ReservoirPy style. */
  outputAsInput: boolean;
}

function fillSparse(out: FloatArray, rng: Rng, density: number, draw: () => number): void {
  for (let i = 0; i < out.length; i++) out[i] = density >= 1 || rng.bernoulli(density) ? draw() : 0;
}

/**
 * The reservoir matrix drawn entry by entry in row-major order (a Bernoulli(density) draw, then the value; no
 * Bernoulli draw at density 1), exactly as a dense fill would draw it, but stored as CSR straight away: a 4,000-unit
 * reservoir at 10 % density is 19 MB of CSR instead of a 128 MB dense matrix built first. Zero draws are not stored.
 */
function drawSparse(n: number, density: number, rng: Rng, draw: () => number, alloc: Alloc): Csr {
  let cap = Math.max(16, Math.ceil(n * n * Math.min(1, density) * 1.1));
  let cols = new Int32Array(cap);
  let vals = new Float64Array(cap);
  const rowPtr = alloc.i32(n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = k;
    for (let j = 0; j < n; j++) {
      if (!(density >= 1 || rng.bernoulli(density))) continue;
      const v = draw();
      if (v === 0) continue;
      if (k === cap) {
        cap *= 2;
        const c2 = new Int32Array(cap);
        c2.set(cols);
        cols = c2;
        const v2 = new Float64Array(cap);
        v2.set(vals);
        vals = v2;
      }
      cols[k] = j;
      vals[k] = v;
      k++;
    }
  }
  rowPtr[n] = k;
  const colIdx = alloc.i32(k);
  const values = alloc.f64(k);
  colIdx.set(cols.subarray(0, k));
  values.set(vals.subarray(0, k));
  return { rows: n, cols: n, rowPtr, colIdx, values };
}

/**
 * Scale c so that ρ(rI + C·c·W₀) = target, r = 1 − C·a the leaky unit's retention (Jaeger 2001 §6: the effective
 * spectral radius of the leaky update). Its eigenvalues are r + C·c·λ for W₀'s eigenvalues λ; the largest modulus is a
 * convex function of c that equals |r| at c = 0, so for target > |r| it crosses the target once: bisection.
 */
function effectiveScale(ev: Eigenvalues, retention: number, gain: number, target: number): number {
  const rho = (c: number) => effectiveRadius(ev, retention, gain * c);
  if (target <= Math.abs(retention)) return 0;
  let lo = 0;
  let hi = 1;
  while (rho(hi) < target && hi < 1e12) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (rho(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** max |r + g·λ| over the eigenvalues λ. */
function effectiveRadius(ev: Eigenvalues, retention: number, g: number): number {
  let m = 0;
  for (let i = 0; i < ev.re.length; i++) m = Math.max(m, Math.hypot(retention + g * ev.re[i]!, g * ev.im[i]!));
  return m;
}

/**
 * The factor that brings W₀ to the configured radius: ρ(W) = target, or ρ((1 − C·a)I + C·W) = target for
 * 'effective'. Up to DENSE_LIMIT units from all eigenvalues (a dense decomposition, as always: such networks keep their
 * bits); above, from the outermost ones by the Krylov–Schur solver on the CSR matrix — ranked by modulus for ρ(W₀),
 * and, for the effective radius, by |r + C·c·λ| at the current scale c (recomputed from the Ritz values at every
 * restart), since that maximum need not sit at the largest |λ|.
 */
function rescaling(w: Csr, c: EsnConfig, rng: Rng): { raw: number; scale: number; effective: number } {
  const n = w.rows;
  const gain = leakGain(c);
  const retention = 1 - gain * c.decay;
  let byRadius: Eigenvalues;
  let byEffective: Eigenvalues;
  if (n <= DENSE_LIMIT) {
    byRadius = byEffective = eigenvalues(csrToDense(w), n);
  } else {
    const op = csrOperator(w);
    const solve = (score?: EigenScore) => {
      const r = krylovSchurEigenvalues(op, { rng: rng.fork(), ...(score ? { score } : {}) });
      if (!r.converged) throw new RangeError(`the reservoir's spectrum did not converge (${r.restarts} restarts): try another seed or density`);
      return r.values;
    };
    byRadius = solve();
    byEffective = c.spectralRadiusOf === 'effective' ? solve((ritz) => effectiveRanking(ritz, retention, gain, c.spectralRadius)) : byRadius;
  }
  const raw = maxModulus(byRadius);
  let scale = 0;
  if (raw > 0) scale = c.spectralRadiusOf === 'effective' ? effectiveScale(byEffective, retention, gain, c.spectralRadius) : c.spectralRadius / raw;
  return { raw, scale, effective: effectiveRadius(byEffective, retention, gain * scale) };
}

/** Rank eigenvalues by their modulus in the leaky update at the scale the current ones call for. */
function effectiveRanking(ritz: Eigenvalues, retention: number, gain: number, target: number): (re: number, im: number) => number {
  const g = gain * effectiveScale(ritz, retention, gain, target);
  return (re, im) => Math.hypot(retention + g * re, g * im);
}

export function createReservoir(c: EsnConfig, rng: Rng, alloc: Alloc): EsnState {
  const n = c.size;
  const k = c.inputs;
  const l = c.outputs;
  const wRng = rng.fork();
  const inRng = rng.fork();
  const fbRng = rng.fork();
  const specRng = rng.fork();
  const x0Rng = rng.fork();

  const w = drawSparse(n, c.density, wRng, c.weightDistribution === 'normal' ? () => wRng.normal() : () => wRng.range(-1, 1), alloc);
  const { raw, scale, effective } = rescaling(w, c, specRng);
  for (let i = 0; i < w.values.length; i++) w.values[i]! *= scale;
  const rho = raw * scale;

  // float32: the same draws and the same rescaling as float64, rounded when stored (here and in fillSparse below).
  const f32 = c.precision === 'float32';
  const fl = (len: number) => allocFloat(alloc, c.precision, len);
  let wr: Csr | Float32Array = w;
  if (f32) {
    wr = alloc.f32(n * n);
    for (let i = 0; i < n; i++) for (let q = w.rowPtr[i]!; q < w.rowPtr[i + 1]!; q++) wr[i * n + w.colIdx[q]!] = w.values[q]!;
  }
  const wIn = fl(n * (k + 1));
  const s = c.inputScaling;
  const drawIn = c.inputDistribution === 'ternary' ? () => (inRng.bernoulli(0.5) ? s : -s) : () => inRng.range(-s, s);
  fillSparse(wIn, inRng, c.inputDensity, drawIn);
  const wFb = fl(n * l);
  if (c.feedbackScaling > 0) fillSparse(wFb, fbRng, c.feedbackDensity, () => fbRng.range(-c.feedbackScaling, c.feedbackScaling));

  const x = fl(n);
  if (c.initialState === 'random') for (let i = 0; i < n; i++) x[i] = x0Rng.range(-1, 1);
  const f = featureCount(n, k, c.readoutInput);
  return {
    x,
    y: alloc.f64(l),
    u: alloc.f64(k),
    w: wr,
    wIn,
    wFb,
    wOut: alloc.f64(l * f),
    outputs: l,
    trained: false,
    rawSpectralRadius: raw,
    spectralRadius: rho,
    effectiveSpectralRadius: effective,
    pre: fl(n),
    biasInput: fl(k + 1),
    ...(f32 ? { fb32: alloc.f32(l) } : {}),
    features: alloc.f64(f),
    target: alloc.f64(0),
    targetStart: 0,
    squash: 'none',
    targetVariance: NaN,
    sinceTrain: 0,
    freeSteps: 0,
    generative: false,
    outputAsInput: false,
  };
}

/**
 * One reservoir update x(n) → x(n+1) driven by input u (K) and fed-back output yFb (L), with leaky-unit gain C =
 * `leak` (time constant or leak rate; retention 1 − C·a with config.decay a) and uniform state noise ν ~ U[−σ, σ]
 * inside f or after it (config.noisePlacement; Jaeger 2001 §6 adds it after f). Allocates nothing.
 */
export function updateReservoir(s: EsnState, c: EsnConfig, u: ArrayLike<number>, yFb: Float64Array, leak: number, noise: number, rng: Rng | null): void {
  const n = c.size;
  const k = c.inputs;
  const { x, pre, biasInput } = s;
  biasInput[0] = c.bias;
  for (let i = 0; i < k; i++) biasInput[i + 1] = u[i]!;
  // float64: W sparse (CSR); float32: W dense, and all of x, pre, biasInput, W_in, W_fb are Float32Array
  // (createReservoir), with the float64 output y rounded into fb32 for the feedback product.
  if (s.w instanceof Float32Array) matVecF32(s.w, n, n, x as Float32Array, pre as Float32Array);
  else csrMatVec(s.w, x as Float64Array, pre as Float64Array);
  matVecIn(s.wIn, n, k + 1, biasInput, pre, true);
  if (c.feedbackScaling > 0) {
    let fb: FloatArray = yFb;
    if (s.fb32) {
      for (let j = 0; j < s.outputs; j++) s.fb32[j] = yFb[j]!;
      fb = s.fb32;
    }
    matVecIn(s.wFb, n, s.outputs, fb, pre, true);
  }
  const after = c.noisePlacement === 'after';
  if (noise > 0 && rng && !after) for (let i = 0; i < n; i++) pre[i]! += noise * (2 * rng.uniform() - 1);
  applyNonlinearity(c.activation, pre);
  if (noise > 0 && rng && after) for (let i = 0; i < n; i++) pre[i]! += noise * (2 * rng.uniform() - 1);
  const retention = 1 - leak * c.decay;
  if (leak >= 1 && retention === 0) x.set(pre);
  else for (let i = 0; i < n; i++) x[i] = retention * x[i]! + leak * pre[i]!;
  for (let i = 0; i < k; i++) s.u[i] = u[i]!;
}

/** y = W_out·[x; u; 1] into s.y (or `out`). */
export function readOutput(s: EsnState, c: EsnConfig, out: Float64Array = s.y): void {
  writeFeatures(s.x, s.u, c.readoutInput, s.features, 0);
  matVec(s.wOut, s.outputs, s.features.length, s.features, out);
}
