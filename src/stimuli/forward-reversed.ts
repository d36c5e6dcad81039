/**
 * The forward-versus-reversed task (the lecture's opening puzzle): a vocabulary of speech-like sounds, each played
 * forward or time-reversed in a trial; the label says which. A sound and its twin have identical content, so a system
 * must remember ORDER to tell them apart.
 *
 * With `symmetric` syllables (the default) every syllable is its own time-reverse, so the twin differs from the sound
 * only in the order of the syllables. Then, with silent gaps of g bins between syllables, every window of w ≤ g + 1
 * bins sees the content of at most one syllable, and the bag of all windows over a trial is the same for the sound and
 * its twin: a sliding-window (feed-forward) classifier that pools over time is at chance exactly by symmetry, whatever
 * it learns. A window of ≥ g + 2 bins sees the end of one syllable next to the start of the next, which is enough for a
 * learned vocabulary; a window covering the whole sound sees everything.
 *
 * Trials: [pre silence][sound][post silence] plus Gaussian noise on every level; the post silence is at least one
 * sound long, so every window that touches the sound is inside the trial for windows up to that length.
 *
 * The vocabulary is generated (speech-like words), or the user's own sounds (`sounds`: spectrograms on the model's
 * grid, e.g. cochleagrams of recorded words): each is played forward and reversed the same way. Sounds of different
 * lengths are padded with silence after the sound (forward) or after its twin (reversed) to the longest one, so every
 * trial has the same length and the sound always starts at the same bin.
 */
import { z } from 'zod';
import { Rng } from '../engine/random/rng.js';
import { emptySpectrogram, pad, reversed, type Spectrogram, type SpectrogramGrid } from './spectrogram.js';
import { speechLike } from './speech-like.js';

/** Longest user sound (bins) and most levels (bins × channels, over all sounds) a request may carry. */
export const MAX_SOUND_BINS = 20_000;
export const MAX_SOUND_LEVELS = 4_000_000;

/** One user sound: a spectrogram, channels × bins (row c = channel c, lowest frequency first), on the model's grid. */
export const userSoundSchema = z
  .array(z.array(z.number().min(-1e6).max(1e6)).min(1).max(MAX_SOUND_BINS))
  .min(1)
  .max(256)
  .describe(
    'A spectrogram on the model\'s grid: one row per frequency channel (channels rows, lowest frequency first), one level per time bin ' +
      '(binMs each; linear amplitude like the generated sounds, ~0…1; finite values), all rows of one length',
  );

export const forwardReversedSchema = z.object({
  words: z.number().int().min(1).max(64).default(4).describe('Vocabulary size: distinct sounds, each played forward or reversed'),
  vocabularySeed: z.number().int().min(0).max(2 ** 31).default(7).describe('Seed of the vocabulary (the sounds themselves)'),
  syllables: z.number().int().min(2).max(20).default(3).describe('Syllables per sound'),
  syllableMs: z.number().positive().max(2000).default(60).describe('Length of a syllable (ms)'),
  gapMs: z.number().min(0).max(2000).default(40).describe('Silence between syllables (ms): the scale below which order is invisible'),
  symmetric: z.boolean().default(true).describe('Symmetric vowels only: a sound and its twin differ only in syllable order'),
  preMs: z.number().min(0).max(5000).default(20).describe('Silence before the sound in a trial (ms)'),
  postMs: z.number().min(0).max(20_000).optional().describe('Silence after the sound (ms); default one sound length'),
  noise: z.number().min(0).max(10).default(0.05).describe('s.d. of Gaussian noise added to every level of a trial'),
  trainTrials: z.number().int().min(2).max(20_000).default(400).describe('Training trials (half forward, half reversed)'),
  testTrials: z.number().int().min(2).max(20_000).default(200).describe('Test trials (fresh noise)'),
  sounds: z
    .array(userSoundSchema)
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Optional: your own vocabulary instead of the generated words — each sound a spectrogram (channels × bins) played forward and ' +
        `time-reversed. Then words, vocabularySeed, syllables, syllableMs, gapMs and symmetric are not used. At most ${MAX_SOUND_BINS} bins ` +
        `per sound and ${MAX_SOUND_LEVELS} levels in all`,
    ),
});
export type ForwardReversedTask = z.infer<typeof forwardReversedSchema>;

export interface Trial {
  word: number;
  /** +1 forward, −1 reversed. */
  label: 1 | -1;
  spectrogram: Spectrogram;
}

export interface ForwardReversedSet {
  train: Trial[];
  test: Trial[];
  /** Bins of the sound alone, of the silence before it, and of a whole trial. */
  soundBins: number;
  onsetBin: number;
  trialBins: number;
  /** Silent gap between syllables (bins): windows of ≤ gapBins + 1 bins cannot see order; null for user sounds. */
  gapBins: number | null;
}

/** Problems of the user's sounds on a grid of `channels` channels (for a train request's checks), with their paths. */
export function soundIssues(sounds: number[][][] | undefined, channels: number): { path: (string | number)[]; message: string }[] {
  if (!sounds) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  let levels = 0;
  sounds.forEach((rows, k) => {
    if (rows.length !== channels) issues.push({ path: ['sounds', k], message: `needs ${channels} rows (one per channel of the grid), got ${rows.length}` });
    const bins = rows[0]?.length ?? 0;
    const bad = rows.findIndex((r) => r.length !== bins);
    if (bad >= 0) issues.push({ path: ['sounds', k, bad], message: `every row needs ${bins} bins (as row 0), got ${rows[bad]!.length}` });
    levels += rows.length * bins;
  });
  if (levels > MAX_SOUND_LEVELS) issues.push({ path: ['sounds'], message: `${levels} levels in all (bins × channels), over ${MAX_SOUND_LEVELS}` });
  return issues;
}

/** A user sound as a spectrogram on the grid (the upload layout is channels × bins, storage is time-major). */
function userSound(grid: SpectrogramGrid, rows: number[][]): Spectrogram {
  const bins = rows[0]!.length;
  const s = emptySpectrogram(grid, bins);
  rows.forEach((row, c) => row.forEach((v, b) => (s.data[b * grid.channels + c] = v)));
  return s;
}

/** The vocabulary: `words` seeded sounds (without padding or noise). */
export function vocabulary(grid: SpectrogramGrid, t: ForwardReversedTask): Spectrogram[] {
  const rng = Rng.fromSeed(t.vocabularySeed);
  const out: Spectrogram[] = [];
  for (let i = 0; i < t.words; i++) out.push(speechLike(grid, rng, { syllables: t.syllables, syllableMs: t.syllableMs, gapMs: t.gapMs, symmetric: t.symmetric }));
  return out;
}

/** Train and test trials; `rng` draws the word order and the noise (so the same seed gives the same trials). */
export function forwardReversedSet(grid: SpectrogramGrid, t: ForwardReversedTask, rng: Rng): ForwardReversedSet {
  const own = t.sounds !== undefined;
  if (own) {
    const issues = soundIssues(t.sounds, grid.channels);
    if (issues.length) throw new RangeError(`${issues[0]!.path.join('.')}: ${issues[0]!.message}`);
  }
  const words = own ? t.sounds!.map((rows) => userSound(grid, rows)) : vocabulary(grid, t);
  const soundBins = Math.max(...words.map((w) => w.bins));
  const onsetBin = Math.round(t.preMs / grid.binMs);
  const postBins = t.postMs === undefined ? soundBins : Math.round(t.postMs / grid.binMs);
  // Shorter sounds get their missing bins as silence after the sound, so all trials are as long and start alike.
  const padded = words.map((w) => ({
    forward: pad(w, onsetBin, postBins + soundBins - w.bins),
    backward: pad(reversed(w), onsetBin, postBins + soundBins - w.bins),
  }));
  const count = words.length;
  const trials = (n: number): Trial[] => {
    const out: Trial[] = [];
    for (let i = 0; i < n; i++) {
      const word = rng.int(count);
      const label = i % 2 === 0 ? 1 : -1; // balanced
      const clean = label === 1 ? padded[word]!.forward : padded[word]!.backward;
      const data = Float64Array.from(clean.data);
      if (t.noise > 0) for (let k = 0; k < data.length; k++) data[k]! += rng.normal(0, t.noise);
      out.push({ word, label, spectrogram: { ...clean, data } });
    }
    return out;
  };
  const train = trials(t.trainTrials);
  const test = trials(t.testTrials);
  return {
    train,
    test,
    soundBins,
    onsetBin,
    trialBins: onsetBin + soundBins + postBins,
    gapBins: own ? null : Math.max(0, Math.round(t.gapMs / grid.binMs)),
  };
}
