/**
 * Pooled hidden features of whole trials, h̄ = (1/T) Σₜ f(W·x(t) + b), for many trials at once.
 *
 * Per trial the pre-activations of all T window positions are one matrix product (window.ts: x(t) = [u(t), …,
 * u(t−w+1)], zero before the trial starts):
 *   P (T × H) = X·Wᵀ,   X[t, τ·C + c] = u(t − τ, c),   P[t, i] = Σ_k X[t, k]·W[i, k]
 * run on the shared GEMM kernel (gemm_tn_block_f64: C += Aᵀ·B over packed 4-wide panels, each entry summed
 * sequentially in k). Three things make it cheaper than forming X and calling matMul per trial, none of which changes
 * a bit of the result:
 * - W's panels are packed once for the whole batch (a BLAS repacks them on every call);
 * - X is never formed: its panels are written straight from the spectrogram (it is a block-Hankel matrix);
 * - the k-sum runs in blocks of 4 lags, and for lags τ ≥ τ₀ the rows t < τ₀ of X are zero (the window reaches back
 *   before the trial), so each block skips the 4-row panels that hold only those rows. Skipped terms are exact zeros
 *   (0·W = ±0, and adding ±0 leaves a sum as it is), so every P[t, i] is the same sequential sum as in the full
 *   product.
 * Then b, f and the average over t = 0…T−1 in order, as the per-unit loop did.
 */
import { kernels, heap, scratch, aligned, zeroHeap } from '../../engine/wasm/heap.js';
import { packColumns } from '../../engine/linalg/gemm.js';
import { applyNonlinearity, type NonlinearityName } from '../../engine/nonlinearity.js';
import type { Spectrogram } from '../../stimuli/spectrogram.js';
import type { TdnnWeights } from './window.js';

/** Lags per k-block: 4 matches the kernel's 4-row panels (block j skips exactly panels 0…j−1). */
const LAGS_PER_BLOCK = 4;

/**
 * Pooled features of each spectrogram (`out[s·H + i]`, H = hidden > 0), from an empty window. All spectrograms
 * must have `n.channels` channels.
 */
export function pooledHiddenBatch(n: TdnnWeights, trials: readonly Spectrogram[], out: Float64Array): Float64Array {
  const H = n.hidden;
  const C = n.channels;
  const w = n.window;
  const D = w * C;
  if (H <= 0) throw new RangeError('pooledHiddenBatch needs a hidden layer');
  if (out.length < trials.length * H) throw new RangeError(`pooledHiddenBatch: out holds ${out.length}, needs ${trials.length * H}`);
  if (trials.length === 0) return out;
  let maxT = 0;
  for (const s of trials) {
    if (s.channels !== C || s.data.length < s.bins * C) throw new RangeError(`pooledHiddenBatch: a trial has ${s.channels} channels, the network ${C}`);
    maxT = Math.max(maxT, s.bins);
  }
  const lagsPer = Math.max(1, Math.min(LAGS_PER_BLOCK, Math.floor(256 / C)));
  const blocks = Math.ceil(w / lagsPer);
  const mqMax = Math.max(1, (maxT + 3) >> 2);
  const nq = (H + 3) >> 2;
  const ldc = nq * 4;
  const wBytes = aligned(nq * 4 * D * 8);
  const aBytes = aligned(mqMax * 4 * lagsPer * C * 8);
  const cBytes = aligned(mqMax * 4 * ldc * 8);
  const base = scratch(wBytes + 2 * aBytes + cBytes);
  const pw = base;
  const pa = base + wBytes;
  const pa2 = pa + aBytes;
  const pc = pa2 + aBytes;
  const h = heap.f64;
  const bias = n.b;

  packWeightPanels(pw >> 3, n.w, H, D, C, w, lagsPer, nq);

  const a0 = pa >> 3;
  const c0 = pc >> 3;
  for (let s = 0; s < trials.length; s++) {
    const spec = trials[s]!;
    const T = spec.bins;
    const u = spec.data;
    const acc = out.subarray(s * H, (s + 1) * H);
    acc.fill(0);
    if (T === 0) continue;
    const mq = (T + 3) >> 2;
    zeroHeap(pc, mq * 4 * ldc);
    // X's panels for block 0 (lags 0…lagsPer−1): rows t = 4q + r, block row kk = l·C + c: u(t − l, c), 0 before the
    // trial. X is block-Hankel: block j's panel q (lags τ₀ = 4j + l, rows 4q + r) holds u(4q + r − 4j − l, c), i.e.
    // block 0's panel q − j; so every full block reads block 0's panels from panel 0 on, against the rows from panel
    // j on. (Rows t ≥ T then hold later bins instead of zeros: they only reach the padding rows of P, never read.)
    if (lagsPer === 4) packWindowPanels(h, a0, u, T, C, mq, 0, 4);
    for (let j = 0; j < blocks; j++) {
      const tau0 = j * lagsPer;
      const q0 = tau0 >> 2; // panels of rows t < τ₀ only: all zero in this block, skipped
      if (q0 >= mq) break; // and in every later one
      const nl = Math.min(lagsPer, w - tau0);
      let pA = pa;
      if (nl < lagsPer || lagsPer !== 4) {
        // a short last block (or a block not aligned to the panels): its own panels, rows from panel q0 on
        pA = pa2;
        packWindowPanels(h, pa2 >> 3, u, T, C, mq - q0, tau0 - q0 * 4, nl);
      }
      kernels.gemm_tn_block_f64(pA, pw + nq * 4 * tau0 * C * 8, nl * C, mq - q0, nq, pc + q0 * 4 * ldc * 8, 0);
    }
    // h(t) = f(P[t, ·] + b), summed over t = 0…T−1 in order, then / T.
    sumNonlinearity(n.nonlinearity, h, c0, ldc, T, H, bias, acc);
    for (let i = 0; i < H; i++) acc[i] = acc[i]! / T;
  }
  return out;
}

/**
 * Write `panels` 4-row panels of the window matrix for lags shift…shift+nl−1 (relative to the panel rows): panel q
 * row r, entry l·C + c = u(4q + r − shift − l, c), 0 for bins before the trial or from T on.
 */
function packWindowPanels(h: Float64Array, at: number, u: Float64Array, T: number, C: number, panels: number, shift: number, nl: number): void {
  const panel = nl * C * 4;
  for (let q = 0; q < panels; q++) {
    const dstP = at + q * panel;
    for (let r = 0; r < 4; r++) {
      const t = q * 4 + r - shift;
      for (let l = 0; l < nl; l++) {
        const from = t - l;
        const dst = dstP + l * C * 4 + r;
        if (from >= 0 && from < T) {
          const src = from * C;
          for (let c = 0; c < C; c++) h[dst + c * 4] = u[src + c]!;
        } else for (let c = 0; c < C; c++) h[dst + c * 4] = 0;
      }
    }
  }
}

/**
 * W's panels, block by block: block j (columns k0…k0+tb−1 of W, lags j·lagsPer…) holds nq panels of tb × 4, panel p
 * row kk lane r = W[4p + r, k0 + kk] (0 for the padding units): the GEMM's column packing of W's block.
 */
function packWeightPanels(at: number, wm: Float64Array, H: number, D: number, C: number, w: number, lagsPer: number, nq: number): void {
  const blocks = Math.ceil(w / lagsPer);
  for (let j = 0; j < blocks; j++) {
    const k0 = j * lagsPer * C;
    const tb = Math.min(lagsPer, w - j * lagsPer) * C;
    packColumns(wm, D, H, k0, tb, (at + nq * 4 * k0) * 8);
  }
}

/**
 * acc[i] += Σ_{t<T} f(P[t, i] + b_i), t in order: the biased rows are written back into P (the heap) and f runs over
 * the whole block in one applyNonlinearity call (for tanh that is the native kernel with Math.tanh's bits; the
 * padding columns of the block are computed too and never read).
 */
function sumNonlinearity(f: NonlinearityName, h: Float64Array, c0: number, ldc: number, T: number, H: number, bias: Float64Array, acc: Float64Array): void {
  for (let t = 0; t < T; t++) {
    const row = c0 + t * ldc;
    for (let i = 0; i < H; i++) h[row + i] = h[row + i]! + bias[i]!;
  }
  applyNonlinearity(f, h.subarray(c0, c0 + T * ldc));
  for (let t = 0; t < T; t++) {
    const row = c0 + t * ldc;
    for (let i = 0; i < H; i++) acc[i]! += h[row + i]!;
  }
}
