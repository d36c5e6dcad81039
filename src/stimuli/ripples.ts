/**
 * Ripples: the standard stimuli for mapping spectro-temporal receptive fields.
 *
 * A moving ripple (Kowalski, Depireux & Shamma 1996) is a sinusoidal grating on the time × log-frequency plane,
 *   S(t, x) = L·[1 + M·sin(2π(ω·t + Ω·x) + φ)] / 2,
 * with temporal modulation ω (Hz; ω > 0 moves down in frequency, ω < 0 up), spectral density Ω (cycles/octave),
 * x in octaves above the lowest channel, depth M ∈ [0, 1].
 *
 * The dynamic moving ripple (Escabí & Schreiner, J Neurosci 2002) lets ω(t) and Ω(t) wander slowly and randomly
 * (uniformly over [−ω_max, ω_max] and [0, Ω_max]), so one long stimulus covers the whole modulation plane; the phase
 * integrates ω: S(t, x) = L·[1 + M·sin(2π(∫ω dt + Ω(t)·x) + φ)] / 2. Ripple noise (Klein et al. 2000) instead sums
 * several independent dynamic ripples, which makes the stimulus closer to white for reverse correlation.
 */
import type { Rng } from '../engine/random/rng.js';
import { channelOctave, emptySpectrogram, type Spectrogram, type SpectrogramGrid } from './spectrogram.js';

export interface RippleOptions {
  temporalHz: number;
  spectralCyclesPerOctave: number;
  phase: number;
  depth: number;
  level: number;
}

/** A static moving ripple (constant ω, Ω). */
export function movingRipple(grid: SpectrogramGrid, bins: number, o: RippleOptions): Spectrogram {
  const s = emptySpectrogram(grid, bins);
  for (let b = 0; b < bins; b++) {
    const t = (b * grid.binMs) / 1000;
    for (let c = 0; c < s.channels; c++) {
      const x = channelOctave(grid, c);
      s.data[b * s.channels + c] = (o.level * (1 + o.depth * Math.sin(2 * Math.PI * (o.temporalHz * t + o.spectralCyclesPerOctave * x) + o.phase))) / 2;
    }
  }
  return s;
}

export interface DynamicRippleOptions {
  /** ω ranges over [−maxTemporalHz, maxTemporalHz]. */
  maxTemporalHz: number;
  /** Ω ranges over [0, maxSpectralCyclesPerOctave]. */
  maxSpectralCyclesPerOctave: number;
  /** Highest rate of change of ω(t) (Hz); Escabí & Schreiner use 1.5 Hz. */
  temporalChangeHz: number;
  /** Highest rate of change of Ω(t) (Hz); Escabí & Schreiner use 3 Hz. */
  spectralChangeHz: number;
  depth: number;
  level: number;
  /** Number of independent ripples summed (1 = a dynamic moving ripple; > 1 = ripple noise). */
  components: number;
}

/**
 * A slowly varying random parameter: uniform values at knots 1/(2·rate) s apart, joined by cosine interpolation
 * (smooth, bounded, with no spectral content much above `rate`).
 */
function wander(rng: Rng, bins: number, binMs: number, rateHz: number, lo: number, hi: number, out: Float64Array): void {
  const knotBins = Math.max(1, (1000 / (2 * Math.max(rateHz, 1e-3))) / binMs);
  const knots = Math.ceil(bins / knotBins) + 2;
  const v = new Float64Array(knots);
  for (let i = 0; i < knots; i++) v[i] = rng.range(lo, hi);
  for (let b = 0; b < bins; b++) {
    const k = b / knotBins;
    const i = Math.floor(k);
    const f = (1 - Math.cos(Math.PI * (k - i))) / 2;
    out[b] = v[i]! * (1 - f) + v[i + 1]! * f;
  }
}

export function dynamicRipple(grid: SpectrogramGrid, bins: number, rng: Rng, o: DynamicRippleOptions): Spectrogram {
  const s = emptySpectrogram(grid, bins);
  const omega = new Float64Array(bins);
  const density = new Float64Array(bins);
  const n = Math.max(1, o.components);
  const x = new Float64Array(s.channels);
  for (let c = 0; c < s.channels; c++) x[c] = channelOctave(grid, c);
  // Each component adds M/n·sin(...), so the sum stays within [−M, M] and the level within [0, L].
  for (let k = 0; k < n; k++) {
    wander(rng, bins, grid.binMs, o.temporalChangeHz, -o.maxTemporalHz, o.maxTemporalHz, omega);
    wander(rng, bins, grid.binMs, o.spectralChangeHz, 0, o.maxSpectralCyclesPerOctave, density);
    let cycles = rng.uniform(); // the temporal phase ∫ω dt in cycles, from a random start
    for (let b = 0; b < bins; b++) {
      cycles += (omega[b]! * grid.binMs) / 1000;
      for (let c = 0; c < s.channels; c++) s.data[b * s.channels + c]! += (o.depth / n) * Math.sin(2 * Math.PI * (cycles + density[b]! * x[c]!));
    }
  }
  for (let i = 0; i < s.data.length; i++) s.data[i] = (o.level * (1 + s.data[i]!)) / 2;
  return s;
}
