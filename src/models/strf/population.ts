/**
 * The linear–nonlinear population (Dayan & Abbott 2001 §2.4; Machens, Wehr & Zador 2004):
 *   s_i(t) = Σ_c Σ_τ H_i(c, τ)·S(t − τ, c)          linear drive: the STRF convolved with the spectrogram
 *   r_i(t) = r₀ + g·f(s_i(t) − θ)                      rate (Hz) through the output nonlinearity f
 *   n_i(t) ~ Poisson(r_i(t)·Δt)                        optional spike count in the bin
 * The history holds the last `lags` slices lag-major (history[τ·C + c] = S(t − τ, c)), so the drive of all units is
 * one mat-vec with the fields matrix (units × lags·C).
 */
import { matVec } from '../../engine/linalg/dense.js';
import type { Rng } from '../../engine/random/rng.js';
import type { StrfConfig } from './config.js';

export type OutputNonlinearity = StrfConfig['nonlinearity'];

export function outputNonlinearity(name: OutputNonlinearity, x: number): number {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return x > 0 ? x : 0;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'exp':
      return Math.exp(Math.min(x, 50)); // capped: exp(50) Hz is already absurd
  }
}

/** Push a slice into the history (the oldest falls off). */
export function pushSlice(history: Float64Array, slice: ArrayLike<number>, channels: number): void {
  history.copyWithin(channels, 0, history.length - channels);
  for (let c = 0; c < channels; c++) history[c] = slice[c]!;
}

export interface OutputParams {
  nonlinearity: OutputNonlinearity;
  threshold: number;
  baselineHz: number;
  gainHz: number;
  binMs: number;
  spiking: boolean;
}

/** Drive, rate and spikes of all units from the current history. Rates are floored at 0 (a rate cannot be negative). */
export function respond(fields: Float64Array, units: number, history: Float64Array, p: OutputParams, rng: Rng, drive: Float64Array, rate: Float64Array, spikes: Float64Array): void {
  matVec(fields, units, history.length, history, drive);
  for (let i = 0; i < units; i++) {
    const r = Math.max(0, p.baselineHz + p.gainHz * outputNonlinearity(p.nonlinearity, drive[i]! - p.threshold));
    rate[i] = r;
    spikes[i] = p.spiking ? rng.poisson((r * p.binMs) / 1000) : 0;
  }
}
