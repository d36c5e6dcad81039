import type { Preset } from '../contract.js';
import type { TdnnConfig } from './config.js';

// The forward-vs-reversed vocabulary at 16 channels and 10 ms bins: 3 syllables of 60 ms with 40 ms gaps = 26 bins.
const grid = { channels: 16, binMs: 10, lowHz: 250, highHz: 8000 };
const sound = (reversed: boolean) => ({ type: 'speechLike' as const, seed: 7, syllables: 3, syllableMs: 60, gapMs: 40, symmetric: true, reversed, paddingMs: 20 });

export const tdnnPresets: Preset<TdnnConfig>[] = [
  {
    name: 'window-short-5bins',
    description: 'A 50 ms window (shorter than a syllable gap + 2 bins): it cannot see the order of syllables; train it on forward-reversed and it stays at chance',
    reference: 'Lecture: "consider time as different inputs"; Waibel et al. 1989 (time-delay neural networks)',
    config: { ...grid, window: 5, hidden: 200 },
    run: { steps: 60, record: ['spectrogram', 'output'] },
  },
  {
    name: 'window-covering-30bins',
    description: 'A 300 ms window, longer than the 260 ms sound: after training on forward-reversed it tells the sound from its twin',
    config: { ...grid, window: 30, hidden: 200 },
    run: { steps: 60, record: ['spectrogram', 'output'] },
  },
  {
    name: 'forward-sound',
    description: 'The 300 ms-window network listening to a symmetric-syllable sound played forward (train it first)',
    config: { ...grid, window: 30, hidden: 200, stimulus: sound(false) },
    run: { steps: 60, record: ['spectrogram', 'output'] },
  },
  {
    name: 'reversed-sound',
    description: 'The same network listening to the time-reversed twin',
    config: { ...grid, window: 30, hidden: 200, stimulus: sound(true) },
    run: { steps: 60, record: ['spectrogram', 'output'] },
  },
];
