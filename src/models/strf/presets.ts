import type { Preset } from '../contract.js';
import type { StrfConfig } from './config.js';

export const strfPresets: Preset<StrfConfig>[] = [
  {
    name: 'machens2004-ripples',
    description: '8 Gabor STRF units (25 ms latency, excitation then delayed and flanking inhibition) listening to a dynamic moving ripple',
    reference: 'Machens, Wehr & Zador, J Neurosci 2004 (STRF structure); Escabí & Schreiner, J Neurosci 2002 (dynamic moving ripple)',
    config: { channels: 32, binMs: 5, units: 8, lags: 20 },
    run: { steps: 2000, record: ['spectrogram', 'rate', 'spikes'] },
  },
  {
    name: 'speech-forward',
    description: 'The same population listening to a speech-like sound (formant sweeps, onsets, harmonic stacks)',
    config: { channels: 32, binMs: 5, units: 16, lags: 20, loop: false, stimulus: { type: 'speechLike', seed: 1, syllables: 3, syllableMs: 80, gapMs: 30, symmetric: false, reversed: false, paddingMs: 50 } },
    run: { steps: 120, record: ['spectrogram', 'rate'] },
  },
  {
    name: 'speech-reversed',
    description: 'The time-reversed twin of speech-forward: identical content, different population response over time',
    config: { channels: 32, binMs: 5, units: 16, lags: 20, loop: false, stimulus: { type: 'speechLike', seed: 1, syllables: 3, syllableMs: 80, gapMs: 30, symmetric: false, reversed: true, paddingMs: 50 } },
    run: { steps: 120, record: ['spectrogram', 'rate'] },
  },
  {
    name: 'tone-sweep-of-units',
    description: 'A 2 kHz tone: only units whose best frequency is near 2 kHz respond, with the latency of their field',
    config: { channels: 32, binMs: 5, units: 16, lags: 20, loop: false, spiking: false, stimulus: { type: 'tone', frequencyHz: 2000, onsetMs: 50, toneMs: 100, durationMs: 300, level: 1 } },
    run: { steps: 60, record: ['spectrogram', 'rate'] },
  },
];
