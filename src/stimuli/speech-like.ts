/**
 * Speech-like sounds drawn as spectrograms: the lecture's opening puzzle needs two sounds with the same content, one
 * the time-reverse of the other. The building blocks are the acoustic cues of speech, simplified:
 * - harmonic stacks (voiced vowels): energy at the harmonics k·f0 of a pitch f0, shaped by formant peaks F1–F3;
 * - formant sweeps (consonant–vowel transitions): formant bands gliding from a locus to the vowel's formants;
 * - onsets (plosive bursts): a broadband burst with an abrupt start and an exponential decay.
 * A sound is a sequence of syllables separated by silent gaps. Everything is seeded: the same seed draws the same
 * sound, and `reversed()` gives its twin with identical content.
 *
 * `symmetric` syllables (vowels with a Hann envelope and constant pitch) are their own time-reverse, so a sound and its
 * twin differ only in the ORDER of the syllables: no window shorter than a gap plus two bins can tell them apart.
 * That is the forward-versus-reversed task's control over the "distinguishing structure".
 */
import type { Rng } from '../engine/random/rng.js';
import { channelOctave, emptySpectrogram, octavesPerChannel, type Spectrogram, type SpectrogramGrid } from './spectrogram.js';

export type SyllableKind = 'vowel' | 'cv' | 'sweep';

export interface Syllable {
  kind: SyllableKind;
  /** Pitch f0 (Hz). */
  f0: number;
  /** Formant centre frequencies F1, F2, F3 (Hz). */
  formants: number[];
  /** cv: the formants' starting loci (Hz); sweep: the start frequency in [0]. */
  loci: number[];
  /** Length (bins). */
  bins: number;
  level: number;
}

const FORMANT_WIDTH_OCT = 0.18; // formant bandwidth as a Gaussian s.d. in octaves (~100–300 Hz at 1–2 kHz)
const BURST_DECAY_MS = 12;
const TRANSITION_MS = 40; // CV formant transitions last 20–50 ms in speech

const gauss = (d: number, sd: number): number => Math.exp((-0.5 * d * d) / (sd * sd));

/** A voiced spectrum at one instant: harmonics of f0 (each a bump one channel wide) weighted by formant peaks. */
function addVoiced(s: Spectrogram, grid: SpectrogramGrid, bin: number, f0: number, formants: number[], level: number): void {
  const lowOct = Math.log2(grid.lowHz);
  const chanOct = octavesPerChannel(grid);
  const row = bin * s.channels;
  for (let c = 0; c < s.channels; c++) {
    const x = lowOct + channelOctave(grid, c); // log2(Hz) of the channel
    const hz = Math.pow(2, x);
    // Harmonic comb, resolved where harmonics are further apart than a channel (low frequencies), smeared above.
    const k = Math.max(1, Math.round(hz / f0));
    const comb = gauss(x - Math.log2(k * f0), Math.max(chanOct * 0.6, 0.02));
    const resolved = Math.min(1, (Math.log2((k + 1) / k) / chanOct) ** 2);
    const harmonic = resolved * comb + (1 - resolved);
    let envelope = 0;
    for (let i = 0; i < formants.length; i++) envelope += gauss(x - Math.log2(formants[i]!), FORMANT_WIDTH_OCT) / (1 + 0.5 * i);
    s.data[row + c]! += level * harmonic * Math.min(1, envelope);
  }
}

/** Draw one syllable into a fresh spectrogram of its own length. */
export function drawSyllable(grid: SpectrogramGrid, syl: Syllable, burstRng: Rng): Spectrogram {
  const s = emptySpectrogram(grid, syl.bins);
  const n = syl.bins;
  if (syl.kind === 'vowel') {
    // Hann envelope, constant pitch and formants: the syllable equals its own time-reverse.
    for (let b = 0; b < n; b++) {
      const e = Math.min(b, n - 1 - b); // index from the nearer edge: bit-exact symmetry
      const env = Math.sin((Math.PI * (e + 0.5)) / n) ** 2;
      addVoiced(s, grid, b, syl.f0, syl.formants, syl.level * env);
    }
    return s;
  }
  if (syl.kind === 'sweep') {
    // A single FM sweep (a formant glide alone) from loci[0] to formants[0], on a log-frequency line.
    const a = Math.log2(syl.loci[0]!);
    const z = Math.log2(syl.formants[0]!);
    const lowOct = Math.log2(grid.lowHz);
    for (let b = 0; b < n; b++) {
      const f = a + ((z - a) * b) / Math.max(1, n - 1);
      const env = Math.min(1, (b + 1) / 3, (n - b) / 3);
      for (let c = 0; c < s.channels; c++) {
        s.data[b * s.channels + c]! += syl.level * env * gauss(lowOct + channelOctave(grid, c) - f, Math.max(octavesPerChannel(grid) * 0.7, 0.05));
      }
    }
    return s;
  }
  // cv: burst (abrupt onset, exponential decay), then formants glide from the loci to the vowel, then a steady vowel.
  const burstBins = Math.max(1, Math.round(BURST_DECAY_MS / grid.binMs));
  const transBins = Math.max(1, Math.min(n - burstBins, Math.round(TRANSITION_MS / grid.binMs)));
  const spectrum = new Float64Array(s.channels);
  for (let c = 0; c < s.channels; c++) spectrum[c] = 0.5 + 0.5 * burstRng.uniform() * (c / s.channels); // high-frequency tilt
  for (let b = 0; b < n; b++) {
    const burst = Math.exp((-b * grid.binMs) / BURST_DECAY_MS);
    for (let c = 0; c < s.channels; c++) s.data[b * s.channels + c]! += syl.level * burst * spectrum[c]!;
    const u = Math.min(1, Math.max(0, (b - burstBins) / transBins));
    if (b < burstBins) continue;
    const formants = syl.formants.map((f, i) => Math.pow(2, Math.log2(syl.loci[i] ?? f) * (1 - u) + Math.log2(f) * u));
    const tail = Math.min(1, (n - b) / 4); // short offset ramp
    addVoiced(s, grid, b, syl.f0, formants, syl.level * tail);
  }
  return s;
}

/** Draw a random syllable description: vowel formants from the usual F1–F3 ranges of adult speech. */
export function randomSyllable(rng: Rng, kind: SyllableKind, bins: number): Syllable {
  const f0 = rng.range(100, 240);
  const formants = [rng.range(300, 900), rng.range(900, 2500), rng.range(2500, 3500)];
  const loci = formants.map((f) => f * Math.pow(2, rng.range(-0.8, 0.8)));
  if (kind === 'sweep') loci[0] = formants[0]! * Math.pow(2, (rng.bernoulli(0.5) ? 1 : -1) * rng.range(1, 2.5));
  return { kind, f0, formants, loci, bins, level: rng.range(0.6, 1) };
}

export interface SpeechLikeOptions {
  /** Number of syllables. */
  syllables: number;
  /** Length of each syllable (ms). */
  syllableMs: number;
  /** Silence between syllables (ms). */
  gapMs: number;
  /** Only vowels with symmetric envelopes: the sound and its twin differ only in syllable order. */
  symmetric: boolean;
}

/** A seeded speech-like sound: syllables (vowel, consonant–vowel or sweep) separated by gaps of silence. */
export function speechLike(grid: SpectrogramGrid, rng: Rng, o: SpeechLikeOptions): Spectrogram {
  const sylBins = Math.max(2, Math.round(o.syllableMs / grid.binMs));
  const gapBins = Math.max(0, Math.round(o.gapMs / grid.binMs));
  const total = o.syllables * sylBins + (o.syllables - 1) * gapBins;
  const out = emptySpectrogram(grid, total);
  const kinds: SyllableKind[] = o.symmetric ? ['vowel'] : ['vowel', 'cv', 'cv', 'sweep'];
  for (let i = 0; i < o.syllables; i++) {
    const syl = randomSyllable(rng, kinds[rng.int(kinds.length)]!, sylBins);
    const drawn = drawSyllable(grid, syl, rng);
    out.data.set(drawn.data, i * (sylBins + gapBins) * grid.channels);
  }
  return out;
}
