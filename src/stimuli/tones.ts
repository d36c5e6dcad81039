/**
 * Simple sounds on a spectrogram grid: pure tones, clicks (and click trains), and random chords (white noise in the
 * spectrogram domain, the "noise" for reverse correlation: every channel–bin level independent and uniform).
 */
import type { Rng } from '../engine/random/rng.js';
import { channelOf, emptySpectrogram, type Spectrogram, type SpectrogramGrid } from './spectrogram.js';

/** A pure tone: a bump one channel wide at the tone's frequency, on between onset and onset + duration. */
export function tone(grid: SpectrogramGrid, bins: number, o: { frequencyHz: number; onsetMs: number; durationMs: number; level: number }): Spectrogram {
  const s = emptySpectrogram(grid, bins);
  const centre = channelOf(grid, o.frequencyHz);
  const b0 = Math.max(0, Math.round(o.onsetMs / grid.binMs));
  const b1 = Math.min(bins, Math.round((o.onsetMs + o.durationMs) / grid.binMs));
  for (let c = 0; c < s.channels; c++) {
    const d = c - centre;
    const v = o.level * Math.exp(-0.5 * d * d / 0.36); // s.d. 0.6 channel: a tone excites its channel and a little its neighbours
    if (v < 1e-6) continue;
    for (let b = b0; b < b1; b++) s.data[b * s.channels + c] = v;
  }
  return s;
}

/** Clicks: broadband one-bin events at `rateHz` from the onset (one click when rateHz = 0). */
export function clicks(grid: SpectrogramGrid, bins: number, o: { rateHz: number; onsetMs: number; durationMs: number; level: number }): Spectrogram {
  const s = emptySpectrogram(grid, bins);
  const periodMs = o.rateHz > 0 ? 1000 / o.rateHz : Infinity;
  for (let t = o.onsetMs; t < o.onsetMs + Math.max(o.durationMs, grid.binMs); t += periodMs) {
    const b = Math.round(t / grid.binMs);
    if (b >= bins) break;
    s.data.fill(o.level, b * s.channels, (b + 1) * s.channels);
    if (!Number.isFinite(periodMs)) break;
  }
  return s;
}

/** Random chords: every level independent U[0, level) (white in time and frequency; its STA is ∝ the STRF). */
export function randomChords(grid: SpectrogramGrid, bins: number, rng: Rng, level: number): Spectrogram {
  const s = emptySpectrogram(grid, bins);
  for (let i = 0; i < s.data.length; i++) s.data[i] = level * rng.uniform();
  return s;
}
