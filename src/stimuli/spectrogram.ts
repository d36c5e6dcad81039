/**
 * Spectrograms: the sound representation of the temporal-processing models (`strf`, `tdnn`, `esn`'s
 * sequence-vs-reverse task). A spectrogram is a level per frequency channel and time bin, the "cochleagram" an
 * auditory neuron sees after the periphery (Machens, Wehr & Zador 2004 use 1/12-octave channels and 5 ms bins).
 *
 * Storage is time-major, `data[bin·channels + channel]`, so one time slice (what a model reads at one step) is a
 * contiguous row. Channels are log-spaced between `lowHz` and `highHz` (a tonotopic, octave axis), channel 0 lowest.
 */
import { z } from 'zod';

export interface Spectrogram {
  channels: number;
  bins: number;
  /** Width of one time bin (ms). */
  binMs: number;
  /** Centre frequency of channel 0 and of the last channel (Hz). */
  lowHz: number;
  highHz: number;
  /** Levels, time-major: data[bin·channels + channel], ≥ 0 for generated sounds (linear amplitude, ~0…1). */
  data: Float64Array;
}

/** The frequency–time grid a model works on: every generated stimulus is drawn onto it. */
export const spectrogramGridSchema = z.object({
  channels: z.number().int().min(1).max(256).default(32).describe('Number of frequency channels (log-spaced)'),
  binMs: z.number().positive().max(1000).default(5).describe('Width of one time bin (ms); one model step per bin'),
  lowHz: z.number().positive().max(1e5).default(250).describe('Centre frequency of the lowest channel (Hz)'),
  highHz: z.number().positive().max(1e5).default(8000).describe('Centre frequency of the highest channel (Hz)'),
});
export type SpectrogramGrid = z.infer<typeof spectrogramGridSchema>;

export function emptySpectrogram(grid: SpectrogramGrid, bins: number): Spectrogram {
  return { channels: grid.channels, bins, binMs: grid.binMs, lowHz: grid.lowHz, highHz: grid.highHz, data: new Float64Array(grid.channels * bins) };
}

/** Octaves of channel c above the lowest channel: the tonotopic coordinate x of ripples and Gabor STRFs. */
export function channelOctave(grid: SpectrogramGrid, c: number): number {
  if (grid.channels <= 1) return 0;
  return (c / (grid.channels - 1)) * Math.log2(grid.highHz / grid.lowHz);
}

/** Centre frequency of channel c (Hz). */
export function channelHz(grid: SpectrogramGrid, c: number): number {
  return grid.lowHz * Math.pow(2, channelOctave(grid, c));
}

/** Channel spacing in octaves. */
export function octavesPerChannel(grid: SpectrogramGrid): number {
  return grid.channels <= 1 ? 1 : Math.log2(grid.highHz / grid.lowHz) / (grid.channels - 1);
}

/** The channel (fractional) whose centre is at `hz`. */
export function channelOf(grid: SpectrogramGrid, hz: number): number {
  return Math.log2(hz / grid.lowHz) / octavesPerChannel(grid);
}

/** The time-reversed twin: the same content, bin b ↦ bins−1−b (the lecture's two sounds). */
export function reversed(s: Spectrogram): Spectrogram {
  const out = { ...s, data: new Float64Array(s.data.length) };
  const c = s.channels;
  for (let b = 0; b < s.bins; b++) out.data.set(s.data.subarray(b * c, (b + 1) * c), (s.bins - 1 - b) * c);
  return out;
}

/** Concatenate spectrograms on the same grid along time. */
export function concat(parts: Spectrogram[]): Spectrogram {
  if (parts.length === 0) throw new RangeError('concat needs at least one spectrogram');
  const first = parts[0]!;
  const bins = parts.reduce((n, p) => n + p.bins, 0);
  const out = { ...first, bins, data: new Float64Array(bins * first.channels) };
  let off = 0;
  for (const p of parts) {
    if (p.channels !== first.channels) throw new RangeError(`concat: ${p.channels} channels vs ${first.channels}`);
    out.data.set(p.data, off);
    off += p.data.length;
  }
  return out;
}

/** Silence before and after (bins). */
export function pad(s: Spectrogram, before: number, after: number): Spectrogram {
  const out = { ...s, bins: s.bins + before + after, data: new Float64Array((s.bins + before + after) * s.channels) };
  out.data.set(s.data, before * s.channels);
  return out;
}

/** The slice at bin b (a view). */
export function timeSlice(s: Spectrogram, b: number): Float64Array {
  return s.data.subarray(b * s.channels, (b + 1) * s.channels);
}

/** Channels × bins nested arrays (the upload/download layout). */
export function toChannelRows(s: Spectrogram): number[][] {
  const rows: number[][] = [];
  for (let c = 0; c < s.channels; c++) {
    const row = new Array<number>(s.bins);
    for (let b = 0; b < s.bins; b++) row[b] = s.data[b * s.channels + c]!;
    rows.push(row);
  }
  return rows;
}
