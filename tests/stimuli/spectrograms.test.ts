import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/random/rng.js';
import { spectrogramGridSchema, reversed, channelHz, timeSlice } from '../../src/stimuli/spectrogram.js';
import { makeStimulus, stimulusSchema, stimulusProblems } from '../../src/stimuli/stimulus.js';
import { forwardReversedSchema, forwardReversedSet } from '../../src/stimuli/forward-reversed.js';

const grid = spectrogramGridSchema.parse({ channels: 32, binMs: 5 });

describe('spectrogram stimuli', () => {
  it('a speech-like sound and its reversed twin have identical content in reverse order', () => {
    const spec = { type: 'speechLike' as const, seed: 3, syllables: 3 };
    const f = makeStimulus(stimulusSchema.parse(spec), grid, Rng.fromSeed(0));
    const b = makeStimulus(stimulusSchema.parse({ ...spec, reversed: true }), grid, Rng.fromSeed(0));
    expect(b.bins).toBe(f.bins);
    let total = 0;
    for (let t = 0; t < f.bins; t++) {
      const a = timeSlice(f, t);
      const r = timeSlice(b, f.bins - 1 - t);
      for (let c = 0; c < f.channels; c++) expect(r[c]).toBe(a[c]);
      for (let c = 0; c < f.channels; c++) total += a[c]!;
    }
    expect(total).toBeGreaterThan(10); // not silent
    // the same seed draws the same sound; another seed another
    const again = makeStimulus(stimulusSchema.parse(spec), grid, Rng.fromSeed(99));
    expect(Array.from(again.data)).toEqual(Array.from(f.data));
    const other = makeStimulus(stimulusSchema.parse({ ...spec, seed: 4 }), grid, Rng.fromSeed(0));
    expect(Array.from(other.data)).not.toEqual(Array.from(f.data));
  });
  it('symmetric syllables are their own reverse: the twin only reorders syllables', () => {
    const s = makeStimulus(stimulusSchema.parse({ type: 'speechLike', seed: 5, syllables: 1, symmetric: true, paddingMs: 0 }), grid, Rng.fromSeed(0));
    expect(Array.from(reversed(s).data)).toEqual(Array.from(s.data));
  });
  it('a tone peaks at its channel; channels are log-spaced', () => {
    expect(channelHz(grid, 0)).toBeCloseTo(250, 6);
    expect(channelHz(grid, 31)).toBeCloseTo(8000, 6);
    const s = makeStimulus(stimulusSchema.parse({ type: 'tone', frequencyHz: channelHz(grid, 12), durationMs: 200 }), grid, Rng.fromSeed(0));
    const mid = timeSlice(s, 20);
    expect(mid.indexOf(Math.max(...mid))).toBe(12);
    expect(timeSlice(s, 2).every((v) => v === 0)).toBe(true); // before the 50 ms onset
  });
  it('a moving ripple follows L(1 + M sin(2π(ωt + Ωx) + φ))/2; a dynamic ripple stays in [0, L]', () => {
    const s = makeStimulus(stimulusSchema.parse({ type: 'ripple', temporalHz: 4, spectralCyclesPerOctave: 1, depth: 1, durationMs: 500 }), grid, Rng.fromSeed(0));
    // ω = 4 Hz: period 250 ms = 50 bins; the pattern repeats
    for (let c = 0; c < grid.channels; c++) expect(s.data[60 * 32 + c]).toBeCloseTo(s.data[10 * 32 + c]!, 10);
    const d = makeStimulus(stimulusSchema.parse({ type: 'dynamicRipple', durationMs: 5000 }), grid, Rng.fromSeed(1));
    expect(Math.min(...d.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...d.data)).toBeLessThanOrEqual(1);
  });
  it('an uploaded spectrogram is checked against the grid and stored time-major', () => {
    const bad = stimulusSchema.parse({ type: 'uploaded', data: [[1, 2]] });
    expect(stimulusProblems(bad, grid)[0]!.message).toMatch(/32 rows/);
    const rows = Array.from({ length: 32 }, (_, c) => [c, 10 + c, 20 + c]);
    const s = makeStimulus(stimulusSchema.parse({ type: 'uploaded', data: rows }), grid, Rng.fromSeed(0));
    expect(s.bins).toBe(3);
    expect(s.data[1 * 32 + 5]).toBe(15);
  });
  it('forward-reversed trials are balanced, seeded, and a twin is a reversed word', () => {
    const task = forwardReversedSchema.parse({ noise: 0, trainTrials: 10, testTrials: 4 });
    const a = forwardReversedSet(grid, task, Rng.fromSeed(2));
    const b = forwardReversedSet(grid, task, Rng.fromSeed(2));
    expect(a.train.map((t) => t.word)).toEqual(b.train.map((t) => t.word));
    expect(a.train.filter((t) => t.label === 1).length).toBe(5);
    expect(a.trialBins).toBe(a.onsetBin + 2 * a.soundBins);
  });
});
