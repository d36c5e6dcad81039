/**
 * The FORCE generator network and its learning step, as in the published code of Sussillo & Abbott (2009):
 *
 *   x ← (1 − dt)·x + dt·(M·r + w_f·z),   r = tanh x,   z = wᵀ·r            (Euler, dt in units of τ; eq. 1)
 *   every `learnEvery` steps:  k = P·r,  c = 1/(1 + rᵀPr),  P ← P − c·k·kᵀ,
 *                              e = z − f(t),  w ← w − c·e·k                  (RLS, eqs. 4–5; P₀ = I/α)
 *
 * With several outputs, w and w_f have one column per output and share P (the regressor r is common to all).
 * In the internal variant there is no feedback loop and the recurrent weights learn instead:
 * M ← M + w_f·Δwᵀ (Fig. 1C; the published all-to-all code does this with w_f = 1). The effective recurrence is
 * then J = M₀ + w_f·wᵀ, as in the feedback loop — except that the loop feeds back z computed before the update,
 * whereas J acts with the updated w at once; the two variants therefore agree only to first order in Δw.
 *
 * As in the published loop, z is computed before the update and fed back at the next step, and the target at a
 * step is f at the time the step starts. The network keeps its own clock (steps taken), so the target's phase
 * stays right whether the steps come from a run or from a `train` call.
 */
import { matVec } from '../../engine/linalg/dense.js';
import { csrFromDense, csrMatVec, type Csr } from '../../engine/linalg/sparse.js';
import { gaussianMatrix } from '../../engine/linalg/random-matrix.js';
import { rlsReset, rlsUpdate } from '../../engine/linalg/rls.js';
import type { CreateContext } from '../contract.js';
import type { ForceConfig } from './config.js';
import { evaluateTarget, outputCount } from './targets.js';
import { applyNonlinearity } from '../../engine/nonlinearity.js';

/** Slots of `ForceState.counters` (shared memory, so a worker's changes are seen by the main thread). */
export const C = {
  /** Steps this network has taken (its clock: t = steps·dt). */
  steps: 0,
  /** RLS updates done so far. */
  updates: 1,
  /** ‖Δw‖ of the last update (Frobenius over outputs). */
  dwNorm: 2,
  /** Chaos probe: Σ log(d/d₀) and the time it covers (τ). */
  lyapunovSum: 3,
  lyapunovTime: 4,
  /** 0 spontaneous (never trained), 1 learning, 2 testing (learning off after training): of the last step. */
  phase: 5,
} as const;

export interface ForceState extends Record<string, unknown> {
  x: Float64Array;
  r: Float64Array;
  /** Readouts z (one per output). */
  z: Float64Array;
  /** f(t) of the last step, one per output. */
  target: Float64Array;
  /** M, N × N row-major (empty when M is kept sparse in `mSparse`). */
  m: Float64Array;
  /**
   * M in CSR form when it is sparse and fixed (feedback variant, p ≤ 0.5): a mat-vec then costs pN² instead of N²,
   * as the published code's sprandn intends. The internal variant makes M dense as it learns, so it stays dense.
   */
  mSparse: Csr | null;
  /** Readout weights, K × N (row o is output o's w). */
  w: Float64Array;
  /** Feedback weights w_f, N × K. */
  wf: Float64Array;
  /** RLS inverse correlation P, N × N. */
  p: Float64Array;
  /** Work buffers: gain k = P·r, the recurrent drive. */
  k: Float64Array;
  drive: Float64Array;
  /** Chaos probe: the perturbed copy's x, r and z. */
  probeX: Float64Array;
  probeR: Float64Array;
  probeZ: Float64Array;
  counters: Float64Array;
}

/** Size of the chaos probe's perturbation (Benettin et al. 1980): small enough to stay linear over 1 τ. */
export const PROBE_DISTANCE = 1e-8;

export function createNetwork(c: ForceConfig, { rng, alloc }: CreateContext): ForceState {
  const n = c.size;
  const K = outputCount(c.target);
  const weightRng = rng.fork();
  const feedbackRng = rng.fork();
  const initRng = rng.fork();
  const probeRng = rng.fork();
  const sparse = c.variant === 'feedback' && c.density <= 0.5;
  const m = sparse ? new Float64Array(n * n) : alloc.f64(n * n);
  // sprandn(N, N, p)·g/√(pN): kept entries N(0, g²/(pN)); the published code keeps the diagonal.
  gaussianMatrix(m, weightRng, { rows: n, cols: n, gain: c.gain, density: c.density });
  const mSparse = sparse ? csrFromDense(m, n, n, alloc) : null;
  const wf = alloc.f64(n * K);
  feedbackRng.fillUniform(wf, -c.feedbackAmplitude, c.feedbackAmplitude);
  const x = alloc.f64(n);
  initRng.fillNormal(x, 0, c.initialStateSd);
  const z = alloc.f64(K);
  initRng.fillNormal(z, 0, c.initialOutputSd);
  const r = alloc.f64(n);
  for (let i = 0; i < n; i++) r[i] = Math.tanh(x[i]!);
  const p = alloc.f64(n * n);
  rlsReset(p, n, c.alpha);
  const target = alloc.f64(K);
  evaluateTarget(c.target, 0, target);

  const probe = c.chaosProbe && c.warmupTime > 0;
  const probeX = alloc.f64(probe ? n : 0);
  const probeR = alloc.f64(probe ? n : 0);
  const probeZ = alloc.f64(probe ? K : 0);
  if (probe) {
    // A copy PROBE_DISTANCE away along a random direction.
    probeRng.fillNormal(probeX);
    let d = 0;
    for (let i = 0; i < n; i++) d += probeX[i]! ** 2;
    const scale = PROBE_DISTANCE / Math.sqrt(d);
    for (let i = 0; i < n; i++) {
      probeX[i] = x[i]! + scale * probeX[i]!;
      probeR[i] = Math.tanh(probeX[i]!);
    }
    probeZ.set(z);
  }
  return {
    x, r, z, target, m: sparse ? alloc.f64(0) : m, mSparse, w: alloc.f64(K * n), wf, p, k: alloc.f64(n), drive: alloc.f64(n),
    probeX, probeR, probeZ, counters: alloc.f64(8),
  };
}

/** One Euler step of x ← (1 − dt)x + dt(M·r + w_f·z), then r = tanh x and z = w·r, on the given arrays. */
function integrate(s: ForceState, c: ForceConfig, x: Float64Array, r: Float64Array, z: Float64Array): void {
  const n = c.size;
  const K = z.length;
  const dt = c.dt;
  if (s.mSparse) csrMatVec(s.mSparse, r, s.drive);
  else matVec(s.m, n, n, r, s.drive);
  // The internal variant has no loop (its feedback lives in M); the first step still gets no z₀ kick.
  if (c.variant === 'feedback') matVec(s.wf, n, K, z, s.drive, true);
  const drive = s.drive;
  const decay = 1 - dt;
  for (let i = 0; i < n; i++) x[i] = decay * x[i]! + dt * drive[i]!;
  // r = tanh x: Math.tanh's values, through the native vectorised kernel when x and r are in the WebAssembly memory
  applyNonlinearity('tanh', x, r);
  matVec(s.w, K, n, r, z);
}

/** Advance the network one step, learning (RLS) on this step's schedule when `learn`. */
export function advance(s: ForceState, c: ForceConfig, learn: boolean): void {
  const n = c.size;
  const K = s.z.length;
  const cnt = s.counters;
  const time = cnt[C.steps]! * c.dt;
  const probing = s.probeX.length > 0 && cnt[C.updates] === 0 && !learn && time < c.warmupTime;
  integrate(s, c, s.x, s.r, s.z);
  if (probing) probeStep(s, c, time + c.dt);
  evaluateTarget(c.target, time, s.target);
  const steps = ++cnt[C.steps]!;
  cnt[C.phase] = learn ? 1 : cnt[C.updates]! > 0 ? 2 : 0;
  if (!learn || steps % c.learnEvery !== 0) return;

  const gain = rlsUpdate(s.p, n, s.r, s.k);
  let e2 = 0;
  for (let o = 0; o < K; o++) {
    const e = s.z[o]! - s.target[o]!;
    e2 += e * e;
    const ce = gain * e;
    const off = o * n;
    for (let i = 0; i < n; i++) s.w[off + i]! -= ce * s.k[i]!;
  }
  let k2 = 0;
  for (let i = 0; i < n; i++) k2 += s.k[i]! ** 2;
  cnt[C.dwNorm] = gain * Math.sqrt(e2 * k2);
  if (c.variant === 'internal') {
    // M ← M + w_f·Δwᵀ with Δw_o = −c·e_o·k: row i of M moves by (Σ_o w_f[i,o]·(−c·e_o))·kᵀ.
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let o = 0; o < K; o++) u -= s.wf[i * K + o]! * gain * (s.z[o]! - s.target[o]!);
      if (u === 0) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) s.m[off + j]! += u * s.k[j]!;
    }
  }
  cnt[C.updates]!++;
}

/**
 * The chaos probe (Benettin et al. 1980): step the perturbed copy, and every τ measure its distance d to the
 * network, add log(d/d₀) to the sum and pull it back to d₀ along the same direction. The first fifth of the
 * warm-up (at most 20 τ) only aligns the perturbation with the most unstable direction and is not counted.
 * λ = Σ log(d/d₀) / time, per τ: > 0 chaotic, < 0 activity decays to a fixed point.
 */
function probeStep(s: ForceState, c: ForceConfig, timeAfter: number): void {
  integrate(s, c, s.probeX, s.probeR, s.probeZ);
  const every = Math.max(1, Math.round(1 / c.dt));
  if (Math.round(timeAfter / c.dt) % every !== 0) return;
  const n = c.size;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (s.probeX[i]! - s.x[i]!) ** 2;
  const d = Math.sqrt(d2);
  if (!(d > 0) || !Number.isFinite(d)) return;
  if (timeAfter > Math.min(20, c.warmupTime / 5)) {
    s.counters[C.lyapunovSum]! += Math.log(d / PROBE_DISTANCE);
    s.counters[C.lyapunovTime]! += every * c.dt;
  }
  const back = PROBE_DISTANCE / d;
  for (let i = 0; i < n; i++) {
    s.probeX[i] = s.x[i]! + (s.probeX[i]! - s.x[i]!) * back;
    s.probeR[i] = Math.tanh(s.probeX[i]!);
  }
  for (let o = 0; o < s.z.length; o++) s.probeZ[o] = s.z[o]! + (s.probeZ[o]! - s.z[o]!) * back;
}

/** The chaos probe's estimate of the largest Lyapunov exponent (per τ), or null before it has measured. */
export function lyapunovEstimate(s: ForceState): number | null {
  const time = s.counters[C.lyapunovTime]!;
  return time > 0 ? s.counters[C.lyapunovSum]! / time : null;
}
