/**
 * Mapping STRFs back from responses (reverse correlation), as done with ripples and noise in auditory cortex:
 * - 'sta': the spike-triggered average Σₜ y(t)·(s(t) − s̄) / Σₜ y(t) over the lagged stimulus vector s(t). For a white
 *   stimulus it is proportional to the STRF (de Boer & Kuyper 1968; Bussgang's theorem for a Gaussian stimulus and
 *   a static nonlinearity); for a correlated one (a dynamic ripple) it is the STRF blurred by the stimulus
 *   autocorrelation.
 * - 'ridge': regularised regression, ĥ = (XᵀX + λI)⁻¹Xᵀy, which divides the stimulus autocorrelation out ("normalized
 *   reverse correlation", Theunissen et al. 2001; Machens, Wehr & Zador 2004 fit their STRFs this way).
 *
 * X's rows are the lagged, mean-subtracted stimulus vectors s(t) = [S(t−τ, c)] (lag-major, as the fields); y the
 * mean-subtracted responses. XᵀX and XᵀY are accumulated in row blocks with the shared `gram` kernel, so X is never
 * stored whole (an hour of 5 ms bins would not fit).
 */
import { cholesky, gram } from '../../engine/linalg/ridge.js';
import { choleskySolveMany } from '../../engine/linalg/cholesky.js';
import type { Spectrogram } from '../../stimuli/spectrogram.js';
import { pearson } from '../../engine/statistics.js';

export interface MappingOptions {
  method: 'ridge' | 'sta';
  /** Ridge λ relative to the mean diagonal of XᵀX (scale-free). */
  lambda: number;
}

/** Rows per block of [X | Y], and at most this many values in a block (8 MB). */
const BLOCK = 4096;
const BLOCK_VALUES = 1 << 20;
/** The workspace kept between calls when it is at most this many values (16 MB). */
const KEEP_VALUES = 1 << 21;
let workspace = new Float64Array(0);

/**
 * Estimate every unit's STRF (lag-major, lags × channels each) from the stimulus and the responses
 * (`responses[bin·units + unit]`, the same bins as the stimulus). The first lags−1 bins are skipped (incomplete history).
 * (The passes are small functions of one loop each, so each is compiled on its own early in the first call.)
 */
export function mapStrfs(stim: Spectrogram, responses: Float64Array, units: number, lags: number, o: MappingOptions): Float64Array {
  const C = stim.channels;
  const width = lags * C;
  const rows = stim.bins - lags + 1;
  if (rows < 2) throw new RangeError(`mapping needs more than ${lags} bins of stimulus`);
  const sMean = new Float64Array(C);
  columnMeans(stim.data, C, 0, stim.bins, sMean);
  const yMean = new Float64Array(units);
  columnMeans(responses, units, lags - 1, rows, yMean);

  // Rows of [X | Y]: the lagged, mean-subtracted stimulus vector s(t) and the mean-subtracted responses y(t).
  // Ridge: the Gram matrix of [X | Y] holds XᵀX (its top-left block) and XᵀY (its top-right block), so one `gram`
  // per row block (the GEMM kernel: every entry a sequential sum over the block's rows) gives both; the blocks' sums
  // are added. STA needs XᵀY only, accumulated row by row.
  const cols = width + units;
  const ridge = o.method === 'ridge';
  const xty = new Float64Array(width * units); // feature-major: xty[j·units + u]
  const g = ridge ? new Float64Array(cols * cols) : null;
  // The row block and the block's Gram matrix: a workspace kept between calls (megabytes: allocating them afresh
  // each call costs page faults and garbage collections).
  const blockRows = Math.max(1, Math.min(BLOCK, rows, Math.floor(BLOCK_VALUES / cols)));
  const blockLen = blockRows * cols;
  const need = blockLen + (ridge ? cols * cols : 0);
  let work = workspace;
  if (work.length < need) {
    work = new Float64Array(need);
    if (need <= KEEP_VALUES) workspace = work;
  }
  const block = work.subarray(0, blockLen);
  const gBlock = ridge ? work.subarray(blockLen, blockLen + cols * cols) : null;
  for (let r0 = 0; r0 < rows; r0 += blockRows) {
    const nb = Math.min(blockRows, rows - r0);
    fillRows(block, cols, stim.data, sMean, C, lags, responses, units, yMean, lags - 1 + r0, nb);
    if (g && gBlock) {
      gram(block, nb, cols, gBlock);
      addInto(g, gBlock);
    } else staAccumulate(block, cols, width, units, nb, xty);
  }

  const out = new Float64Array(units * width);
  if (!g) {
    // STA: normalise by the total response (spike count) so the scale does not grow with the recording.
    for (let u = 0; u < units; u++) {
      const total = Math.max(1e-12, yMean[u]! * rows);
      for (let j = 0; j < width; j++) out[u * width + j] = xty[j * units + u]! / total;
    }
    return out;
  }
  // XᵀX + λ·mean(diag)·I from the top-left block of the [X | Y] Gram matrix (leading dimension cols).
  let diag = 0;
  for (let j = 0; j < width; j++) diag += g[j * cols + j]! / width;
  const a = new Float64Array(width * width);
  for (let i = 0; i < width; i++) a.set(g.subarray(i * cols, i * cols + width), i * width);
  for (let j = 0; j < width; j++) a[j * width + j]! += o.lambda * diag;
  if (!cholesky(a, width)) throw new RangeError('STRF mapping: the stimulus covariance is singular; raise lambda');
  // ĥ_u = (XᵀX + λI)⁻¹ Xᵀy_u, all units' right-hand sides solved together
  for (let u = 0; u < units; u++) for (let j = 0; j < width; j++) out[u * width + j] = g[j * cols + width + u]!;
  choleskySolveMany(a, width, out, units);
  return out;
}

/** mean[c] = Σ_{b = from}^{from+count−1} x[b·cols + c] / count, each term divided before it is added. */
function columnMeans(x: Float64Array, cols: number, from: number, count: number, mean: Float64Array): void {
  for (let b = from; b < from + count; b++) for (let c = 0; c < cols; c++) mean[c]! += x[b * cols + c]! / count;
}

/** Rows t = t0…t0+nb−1 of [X | Y] into `block` (leading dimension cols): X[t, τ·C + c] = S(t − τ, c) − S̄_c. */
function fillRows(block: Float64Array, cols: number, stim: Float64Array, sMean: Float64Array, C: number, lags: number, responses: Float64Array, units: number, yMean: Float64Array, t0: number, nb: number): void {
  const width = lags * C;
  for (let r = 0; r < nb; r++) {
    const t = t0 + r;
    const row = r * cols;
    if (r === 0) {
      for (let tau = 0; tau < lags; tau++) {
        const src = (t - tau) * C;
        const dst = row + tau * C;
        for (let c = 0; c < C; c++) block[dst + c] = stim[src + c]! - sMean[c]!;
      }
    } else {
      // X is block-Hankel: s(t) = [S(t) − S̄, s(t−1) without its last lag], so copy the previous row shifted by a lag
      block.copyWithin(row + C, row - cols, row - cols + width - C);
      const src = t * C;
      for (let c = 0; c < C; c++) block[row + c] = stim[src + c]! - sMean[c]!;
    }
    for (let u = 0; u < units; u++) block[row + width + u] = responses[t * units + u]! - yMean[u]!;
  }
}

/** xty[j·units + u] += Σ_r X[r, j]·y[r, u], row by row (zero responses skipped). */
function staAccumulate(block: Float64Array, cols: number, width: number, units: number, nb: number, xty: Float64Array): void {
  for (let r = 0; r < nb; r++) {
    const row = r * cols;
    for (let u = 0; u < units; u++) {
      const y = block[row + width + u]!;
      if (y === 0) continue;
      for (let j = 0; j < width; j++) xty[j * units + u]! += block[row + j]! * y;
    }
  }
}

function addInto(g: Float64Array, d: Float64Array): void {
  for (let k = 0; k < g.length; k++) g[k]! += d[k]!;
}

/** Pearson correlation of two fields (or any two equal-length vectors). */
export const correlation = pearson;
