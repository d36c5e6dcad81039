/**
 * Spectro-temporal receptive fields: each unit's linear filter H(c, τ) over frequency channel c and time lag τ.
 *
 * Gabor STRFs (Qiu, Schreiner & Escabí, J Neurophysiol 2003 fit cortical STRFs with them): a Gaussian envelope
 * centred at the unit's best frequency x₀ and latency τ₀, times a cosine carrier,
 *   H(x, τ) = A·exp(−(x − x₀)²/2σₓ²)·exp(−(τ − τ₀)²/2σ_τ²)·cos(2π(Ω(x − x₀) + ω(τ − τ₀)) + φ),
 * so the field has an excitatory subfield flanked in frequency and/or followed in time by inhibitory ones (the
 * structure Machens, Wehr & Zador 2004 find in rat auditory cortex). Best frequencies tile the axis (tonotopy).
 *
 * Layout: a unit's field is stored lag-major, h[τ·channels + c], to match the history buffer it is dotted with.
 */
import type { Rng } from '../../engine/random/rng.js';
import { channelOctave, type SpectrogramGrid } from '../../stimuli/spectrogram.js';
import type { StrfConfig } from './config.js';

type GaborFields = Extract<StrfConfig['fields'], { type: 'gabor' }>;

export interface GaborParams {
  bestOctave: number;
  latencyMs: number;
  temporalWidthMs: number;
  spectralWidthOct: number;
  temporalHz: number;
  spectralCyclesPerOctave: number;
  phase: number;
}

/** Draw each unit's Gabor parameters: tonotopic best frequencies, the rest jittered around the config. */
export function drawGaborParams(grid: SpectrogramGrid, units: number, g: GaborFields, rng: Rng): GaborParams[] {
  const span = channelOctave(grid, grid.channels - 1);
  const j = (v: number) => v * (1 + g.jitter * rng.range(-1, 1));
  const out: GaborParams[] = [];
  for (let i = 0; i < units; i++) {
    out.push({
      bestOctave: span * ((i + 0.5) / units),
      latencyMs: j(g.latencyMs),
      temporalWidthMs: j(g.temporalWidthMs),
      spectralWidthOct: j(g.spectralWidthOct),
      temporalHz: j(g.temporalHz),
      spectralCyclesPerOctave: j(g.spectralCyclesPerOctave),
      phase: g.jitter * rng.range(-Math.PI / 4, Math.PI / 4), // near 0: the centre stays excitatory
    });
  }
  return out;
}

/** Write the Gabor field of one unit into out (lag-major, lags × channels). */
export function gaborField(grid: SpectrogramGrid, lags: number, p: GaborParams, gain: number, out: Float64Array): void {
  for (let tau = 0; tau < lags; tau++) {
    const dtMs = tau * grid.binMs - p.latencyMs;
    const envT = Math.exp((-0.5 * dtMs * dtMs) / (p.temporalWidthMs * p.temporalWidthMs));
    for (let c = 0; c < grid.channels; c++) {
      const dx = channelOctave(grid, c) - p.bestOctave;
      const envX = Math.exp((-0.5 * dx * dx) / (p.spectralWidthOct * p.spectralWidthOct));
      const carrier = Math.cos(2 * Math.PI * (p.spectralCyclesPerOctave * dx + (p.temporalHz * dtMs) / 1000) + p.phase);
      out[tau * grid.channels + c] = gain * envX * envT * carrier;
    }
  }
}

/** All units' fields, units × (lags·channels), from the config (Gabor drawn with rng, or explicit arrays). */
export function buildFields(c: StrfConfig, rng: Rng, out: Float64Array): GaborParams[] | null {
  const width = c.lags * c.channels;
  if (c.fields.type === 'explicit') {
    c.fields.strfs.forEach((f, i) => {
      for (let ch = 0; ch < c.channels; ch++) for (let tau = 0; tau < c.lags; tau++) out[i * width + tau * c.channels + ch] = f[ch]![tau]!;
    });
    return null;
  }
  const params = drawGaborParams(c, c.units, c.fields, rng);
  params.forEach((p, i) => gaborField(c, c.lags, p, (c.fields as GaborFields).gain, out.subarray(i * width, (i + 1) * width)));
  return params;
}

/** A unit's field as an image: channels rows × lags columns (row c = channel c), the layout of uploads. */
export function fieldImage(h: Float64Array, channels: number, lags: number): number[][] {
  const rows: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const row = new Array<number>(lags);
    for (let tau = 0; tau < lags; tau++) row[tau] = h[tau * channels + c]!;
    rows.push(row);
  }
  return rows;
}
