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
 * mean-subtracted responses. XᵀX is accumulated in row blocks with the shared `gram` kernel, so X is never stored
 * whole (an hour of 5 ms bins would not fit).
 */
import { cholesky, choleskySolve, gram } from '../../engine/linalg/ridge.js';
import type { Spectrogram } from '../../stimuli/spectrogram.js';
import { pearson } from '../../engine/statistics.js';

export interface MappingOptions {
  method: 'ridge' | 'sta';
  /** Ridge λ relative to the mean diagonal of XᵀX (scale-free). */
  lambda: number;
}

const BLOCK = 1024;

/**
 * Estimate every unit's STRF (lag-major, lags × channels each) from the stimulus and the responses
 * (`responses[bin·units + unit]`, the same bins as the stimulus). The first lags−1 bins are skipped (incomplete history).
 */
export function mapStrfs(stim: Spectrogram, responses: Float64Array, units: number, lags: number, o: MappingOptions): Float64Array {
  const C = stim.channels;
  const width = lags * C;
  const rows = stim.bins - lags + 1;
  if (rows < 2) throw new RangeError(`mapping needs more than ${lags} bins of stimulus`);
  const sMean = new Float64Array(C);
  for (let b = 0; b < stim.bins; b++) for (let c = 0; c < C; c++) sMean[c]! += stim.data[b * C + c]! / stim.bins;
  const yMean = new Float64Array(units);
  for (let b = lags - 1; b < stim.bins; b++) for (let u = 0; u < units; u++) yMean[u]! += responses[b * units + u]! / rows;

  const xty = new Float64Array(width * units); // feature-major: xty[j·units + u]
  const g = o.method === 'ridge' ? new Float64Array(width * width) : null;
  const gBlock = g ? new Float64Array(width * width) : null;
  const block = new Float64Array(BLOCK * width);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const nb = Math.min(BLOCK, rows - r0);
    for (let r = 0; r < nb; r++) {
      const t = lags - 1 + r0 + r;
      const row = r * width;
      for (let tau = 0; tau < lags; tau++) {
        const src = (t - tau) * C;
        for (let c = 0; c < C; c++) block[row + tau * C + c] = stim.data[src + c]! - sMean[c]!;
      }
      for (let u = 0; u < units; u++) {
        const y = responses[t * units + u]! - yMean[u]!;
        if (y === 0) continue;
        for (let j = 0; j < width; j++) xty[j * units + u]! += block[row + j]! * y;
      }
    }
    if (g && gBlock) {
      gram(block, nb, width, gBlock);
      for (let k = 0; k < g.length; k++) g[k]! += gBlock[k]!;
    }
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
  let diag = 0;
  for (let j = 0; j < width; j++) diag += g[j * width + j]! / width;
  for (let j = 0; j < width; j++) g[j * width + j]! += o.lambda * diag;
  if (!cholesky(g, width)) throw new RangeError('STRF mapping: the stimulus covariance is singular; raise lambda');
  const rhs = new Float64Array(width);
  for (let u = 0; u < units; u++) {
    for (let j = 0; j < width; j++) rhs[j] = xty[j * units + u]!;
    choleskySolve(g, width, rhs);
    out.set(rhs, u * width);
  }
  return out;
}

/** Pearson correlation of two fields (or any two equal-length vectors). */
export const correlation = pearson;
