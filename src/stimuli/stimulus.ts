/**
 * One schema for every sound a temporal-processing model can be given, and one function that draws it on the
 * model's frequency–time grid. Models put `stimulusSchema` in their config; the ESN's sequence-vs-reverse task and
 * the forward-versus-reversed task use the same generators.
 *
 * Seeds: a speech-like sound has its own `seed` (so the same sound, and its reversed twin, can be asked for in any
 * session); the noise-like stimuli (ripples, chords) draw from the rng handed in (the session's), unless given a seed.
 */
import { z } from 'zod';
import { Rng } from '../engine/random/rng.js';
import { concat, emptySpectrogram, pad, reversed, type Spectrogram, type SpectrogramGrid } from './spectrogram.js';
import { speechLike } from './speech-like.js';
import { clicks, randomChords, tone } from './tones.js';
import { dynamicRipple, movingRipple } from './ripples.js';

const MAX_BINS = 200_000;
/** Bins × channels of one stimulus held in a session (32 MB of doubles). */
const MAX_LEVELS = 4_000_000;
const durationMs = z.number().positive().max(600_000).default(1000).describe('Length of the stimulus (ms)');
const level = z.number().min(0).max(100).default(1).describe('Peak level (linear amplitude)');
const seed = z.number().int().min(0).max(2 ** 31).optional().describe('Own seed for the sound (default: the session stream)');

export const stimulusSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('speechLike'),
      seed: z.number().int().min(0).max(2 ** 31).default(1).describe('Seed of the sound: the same seed draws the same sound'),
      syllables: z.number().int().min(1).max(50).default(3).describe('Number of syllables'),
      syllableMs: z.number().positive().max(2000).default(80).describe('Length of a syllable (ms)'),
      gapMs: z.number().min(0).max(2000).default(30).describe('Silence between syllables (ms)'),
      symmetric: z.boolean().default(false).describe('Only symmetric vowels: the sound and its twin differ only in syllable order'),
      reversed: z.boolean().default(false).describe('Play the time-reversed twin (identical content, reversed order)'),
      paddingMs: z.number().min(0).max(10_000).default(50).describe('Silence before and after the sound (ms)'),
    }),
    z.object({
      type: z.literal('tone'),
      frequencyHz: z.number().positive().max(1e5).default(1000).describe('Tone frequency (Hz)'),
      onsetMs: z.number().min(0).max(600_000).default(50).describe('Tone onset (ms)'),
      toneMs: z.number().positive().max(600_000).default(100).describe('Tone duration (ms)'),
      durationMs,
      level,
    }),
    z.object({
      type: z.literal('clicks'),
      rateHz: z.number().min(0).max(500).default(10).describe('Click rate (Hz); 0 = a single click'),
      onsetMs: z.number().min(0).max(600_000).default(50).describe('First click (ms)'),
      trainMs: z.number().min(0).max(600_000).default(500).describe('Length of the click train (ms)'),
      durationMs,
      level,
    }),
    z.object({
      type: z.literal('ripple'),
      temporalHz: z.number().min(-500).max(500).default(8).describe('Temporal modulation ω (Hz); > 0 drifts down in frequency'),
      spectralCyclesPerOctave: z.number().min(0).max(20).default(1).describe('Spectral density Ω (cycles/octave)'),
      phase: z.number().default(0).describe('Phase φ (radians)'),
      depth: z.number().min(0).max(1).default(0.9).describe('Modulation depth M'),
      durationMs,
      level,
    }),
    z.object({
      type: z.literal('dynamicRipple'),
      maxTemporalHz: z.number().positive().max(500).default(40).describe('ω(t) ranges over [−ω_max, ω_max] (Hz)'),
      maxSpectralCyclesPerOctave: z.number().positive().max(20).default(4).describe('Ω(t) ranges over [0, Ω_max] (cycles/octave)'),
      temporalChangeHz: z.number().positive().max(100).default(1.5).describe('Fastest change of ω(t) (Hz), Escabí & Schreiner 2002'),
      spectralChangeHz: z.number().positive().max(100).default(3).describe('Fastest change of Ω(t) (Hz)'),
      components: z.number().int().min(1).max(64).default(1).describe('Independent ripples summed (> 1 = ripple noise)'),
      depth: z.number().min(0).max(1).default(0.9).describe('Modulation depth M'),
      durationMs,
      level,
      seed,
    }),
    z.object({
      type: z.literal('chords'),
      durationMs,
      level,
      seed,
    }),
    z.object({
      type: z.literal('uploaded'),
      data: z
        .array(z.array(z.number().min(-1e6).max(1e6)).max(MAX_BINS))
        .min(1)
        .max(256)
        .describe('The spectrogram, channels × bins (row c = channel c, lowest frequency first), on the model grid'),
    }),
  ])
  .describe('The sound: speech-like (with a reversed twin), tone, clicks, moving ripple, dynamic ripple, random chords or uploaded');

export type StimulusSpec = z.infer<typeof stimulusSchema>;

/** Check a stimulus against a grid (for a config's superRefine): uploaded shape and overall length. */
export function stimulusProblems(spec: StimulusSpec, grid: SpectrogramGrid): { path: (string | number)[]; message: string }[] {
  if (spec.type === 'uploaded') {
    if (spec.data.length !== grid.channels) return [{ path: ['data'], message: `needs ${grid.channels} rows (one per channel), got ${spec.data.length}` }];
    const bins = spec.data[0]!.length;
    if (bins < 1) return [{ path: ['data', 0], message: 'needs at least one bin' }];
    const bad = spec.data.findIndex((r) => r.length !== bins);
    if (bad >= 0) return [{ path: ['data', bad], message: `every row needs ${bins} bins (as row 0), got ${spec.data[bad]!.length}` }];
    if (bins * grid.channels > MAX_LEVELS) return [{ path: ['data'], message: `${bins * grid.channels} levels (bins × channels), over ${MAX_LEVELS}` }];
    return [];
  }
  const ms = spec.type === 'speechLike' ? spec.syllables * spec.syllableMs + (spec.syllables - 1) * spec.gapMs + 2 * spec.paddingMs : spec.durationMs;
  const bins = Math.ceil(ms / grid.binMs);
  if (bins > MAX_BINS) return [{ path: [], message: `the stimulus would have ${bins} bins, over ${MAX_BINS}` }];
  if (bins * grid.channels > MAX_LEVELS) return [{ path: [], message: `the stimulus would hold ${bins * grid.channels} levels (bins × channels), over ${MAX_LEVELS}` }];
  return [];
}

/** Draw the stimulus on the grid. `rng` serves the noise-like stimuli that carry no seed of their own. */
export function makeStimulus(spec: StimulusSpec, grid: SpectrogramGrid, rng: Rng): Spectrogram {
  const bins = (ms: number) => Math.max(1, Math.round(ms / grid.binMs));
  switch (spec.type) {
    case 'speechLike': {
      const sound = speechLike(grid, Rng.fromSeed(spec.seed), spec);
      const p = Math.round(spec.paddingMs / grid.binMs);
      return pad(spec.reversed ? reversed(sound) : sound, p, p);
    }
    case 'tone':
      return tone(grid, bins(spec.durationMs), { frequencyHz: spec.frequencyHz, onsetMs: spec.onsetMs, durationMs: spec.toneMs, level: spec.level });
    case 'clicks':
      return clicks(grid, bins(spec.durationMs), { rateHz: spec.rateHz, onsetMs: spec.onsetMs, durationMs: spec.trainMs, level: spec.level });
    case 'ripple':
      return movingRipple(grid, bins(spec.durationMs), spec);
    case 'dynamicRipple':
      return dynamicRipple(grid, bins(spec.durationMs), spec.seed === undefined ? rng : Rng.fromSeed(spec.seed), spec);
    case 'chords':
      return randomChords(grid, bins(spec.durationMs), spec.seed === undefined ? rng : Rng.fromSeed(spec.seed), spec.level);
    case 'uploaded': {
      const s = emptySpectrogram(grid, spec.data[0]!.length);
      spec.data.forEach((row, c) => row.forEach((v, b) => (s.data[b * s.channels + c] = v)));
      return s;
    }
  }
}

export { concat, pad, reversed };
