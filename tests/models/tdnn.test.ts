import { describe, expect, it } from 'vitest';
import { tdnn, type TdnnState } from '../../src/models/tdnn/tdnn.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { Rng } from '../../src/engine/random/rng.js';
import { forwardReversedSchema, forwardReversedSet } from '../../src/stimuli/forward-reversed.js';
import { spectrogramGridSchema } from '../../src/stimuli/spectrogram.js';
import { pooledFeatures, pooledFeaturesMany } from '../../src/models/tdnn/training.js';
import { hiddenLayer, pushInput } from '../../src/models/tdnn/window.js';
import type { TdnnConfig } from '../../src/models/tdnn/config.js';
import { runToEnd } from '../../src/engine/training.js';

const grid = { channels: 16, binMs: 10 };
const cfg = (over: Record<string, unknown>): TdnnConfig => tdnn.configSchema.parse({ ...grid, ...over });
const trainCtx = (seed: number) => ({ rng: Rng.fromSeed(seed), alloc: undefined as never, progress() {}, cancelled: () => false });
// The default vocabulary: 3 symmetric syllables of 60 ms with 40 ms gaps (4 bins): order is visible to windows ≥ 6 bins.
const task = { task: 'forwardReversed', words: 2, trainTrials: 200, testTrials: 200 };

describe('tdnn: y(t) = V·[f(W·[u(t) … u(t−w+1)] + b); 1]', () => {
  it('the output at t depends on the last w inputs only (a feed-forward window, no other memory)', () => {
    const c = cfg({ channels: 2, window: 3, hidden: 5 });
    const rt = createRuntime(tdnn, c, 4);
    (rt.state as TdnnState).net.v.fill(0.3);
    const seq = (vals: number[]) => [{ type: 'sequence' as const, channel: 0, values: vals, repeat: false }];
    const a = runSimulation(tdnn, c, rt, { steps: 8, inputs: seq([1, 2, 3, 4, 5, 6, 7, 8]), record: ['output'] }).recording.fields.output!.data;
    const rt2 = createRuntime(tdnn, c, 4);
    (rt2.state as TdnnState).net.v.fill(0.3);
    const b = runSimulation(tdnn, c, rt2, { steps: 8, inputs: seq([9, -9, 9, 4, 5, 6, 7, 8]), record: ['output'] }).recording.fields.output!.data;
    // inputs differ only in bins 0–2: outputs differ there and up to t = 2 + w − 1 = 4, and are equal from t = 5 on
    expect(a[4]).not.toBe(b[4]);
    for (let t = 5; t < 8; t++) expect(a[t]).toBe(b[t]);
  });

  it('with a window w ≤ gap + 1 the pooled features of a sound and its twin are identical (chance by symmetry)', () => {
    const t = forwardReversedSchema.parse({ noise: 0, words: 3, trainTrials: 6, testTrials: 2 });
    const set = forwardReversedSet(spectrogramGridSchema.parse(grid), t, Rng.fromSeed(1));
    expect(set.gapBins).toBe(4);
    for (const [w, same] of [[1, true], [5, true], [6, false], [30, false]] as const) {
      const c = cfg({ window: w, hidden: 50 });
      const s = createRuntime(tdnn, c, 2).state as TdnnState;
      const fw = set.train.find((x) => x.label === 1 && x.word === set.train[0]!.word)!;
      const bw = set.train.find((x) => x.label === -1 && x.word === fw.word) ?? set.train.find((x) => x.label === -1)!;
      if (bw.word !== fw.word) continue;
      const a = pooledFeatures(s.net, fw.spectrogram, new Float64Array(50));
      const b = pooledFeatures(s.net, bw.spectrogram, new Float64Array(50));
      let diff = 0;
      for (let j = 0; j < 50; j++) diff = Math.max(diff, Math.abs(a[j]! - b[j]!));
      if (same) expect(diff).toBeLessThan(1e-12);
      else expect(diff).toBeGreaterThan(1e-8); // w = 6 sees only the faint syllable edges: small but not zero
    }
  });

  it('pooled features (one GEMM per trial, batched) equal the time average of the per-step hidden layer', () => {
    const rng = Rng.fromSeed(8);
    // tanh (the default, the native kernel) and the other nonlinearities (applyNonlinearity's loops)
    for (const [channels, window, hidden, nonlinearity] of [[16, 30, 200, 'tanh'], [3, 7, 13, 'relu'], [70, 5, 9, 'sigmoid'], [2, 1, 4, 'tanh'], [4, 3, 70, 'step']] as const) {
      const c = cfg({ channels, window, hidden, nonlinearity });
      const s = createRuntime(tdnn, c, 3).state as TdnnState;
      const specs = [1, 5, 33, 54].map((bins) => ({ bins, channels, data: Float64Array.from({ length: bins * channels }, () => rng.normal()) }));
      const many = pooledFeaturesMany(s.net, specs as never);
      specs.forEach((spec, k) => {
        const one = pooledFeatures(s.net, spec as never, new Float64Array(hidden));
        const x = new Float64Array(window * channels);
        const h = new Float64Array(hidden);
        const direct = new Float64Array(hidden);
        for (let t = 0; t < spec.bins; t++) {
          pushInput(x, spec.data.subarray(t * channels, (t + 1) * channels), channels);
          hiddenLayer(s.net, x, h);
          for (let i = 0; i < hidden; i++) direct[i]! += h[i]! / spec.bins;
        }
        for (let i = 0; i < hidden; i++) {
          expect(many[k * hidden + i]).toBe(one[i]); // the batch is the same computation, bit for bit
          expect(one[i]!).toBeCloseTo(direct[i]!, 12);
        }
      });
    }
  });

  it('trained on forward-vs-reversed: a 50 ms window is at chance, a 300 ms window covering the 260 ms sound does well', () => {
    const short = cfg({ window: 5, hidden: 200 });
    const rs = createRuntime(tdnn, short, 1);
    const ms = runToEnd(tdnn.train!.run(rs.state as never, short, task, trainCtx(2), rs.live as never)).metrics;
    // chance within 3 binomial standard errors of 0.5 on 200 test trials
    expect(Math.abs((ms.testAccuracy as number) - 0.5)).toBeLessThan(3 * Math.sqrt(0.25 / 200));
    expect(ms.orderVisible).toBe(false);
    const long = cfg({ window: 30, hidden: 200 });
    const rl = createRuntime(tdnn, long, 1);
    const ml = runToEnd(tdnn.train!.run(rl.state as never, long, task, trainCtx(2), rl.live as never)).metrics;
    expect(ml.testAccuracy as number).toBeGreaterThan(0.85);
    expect(ml.soundMs).toBe(260);
  });

  it('after training, a run on the forward sound and on its twin gives decisions of opposite sign', () => {
    const sound = (reversed: boolean) => ({ type: 'speechLike', seed: 7, syllables: 3, syllableMs: 60, gapMs: 40, symmetric: true, reversed, paddingMs: 20 });
    const base = cfg({ window: 30, hidden: 200 });
    const rt = createRuntime(tdnn, base, 1);
    // the vocabulary's first word is the preset sound (same seed, same draw order)
    runToEnd(tdnn.train!.run(rt.state as never, base, { ...task, words: 1, noise: 0.05 }, trainCtx(2), rt.live as never));
    const v = (rt.state as TdnnState).net.v;
    const decide = (reversed: boolean) => {
      const c = cfg({ window: 30, hidden: 200, stimulus: sound(reversed) });
      const r = createRuntime(tdnn, c, 1);
      (r.state as TdnnState).net.v.set(v);
      return runSimulation(tdnn, c, r, { steps: 56 }).metrics.decision;
    };
    expect(decide(false)).toBe('forward');
    expect(decide(true)).toBe('reversed');
  });

  it('sequence task: a window of w bins can reproduce an input delayed by d < w bins, not by d ≥ w', () => {
    const rng = Rng.fromSeed(3);
    const n = 600;
    const u = Array.from({ length: n }, () => [rng.uniform() - 0.5]);
    const target = (d: number) => u.map((_, t) => [t >= d ? u[t - d]![0]! : 0]);
    const c = cfg({ channels: 1, window: 5, hidden: 0 });
    const fit = (d: number) => {
      const rt = createRuntime(tdnn, c, 1);
      return runToEnd(tdnn.train!.run(rt.state as never, c, { task: 'sequence', inputs: u, targets: target(d), washout: 10, lambda: 1e-9 }, trainCtx(1), rt.live as never)).metrics.trainNrmse as number;
    };
    expect(fit(3)).toBeLessThan(1e-3);
    expect(fit(8)).toBeGreaterThan(0.9); // white input: the past beyond the window is unpredictable
  });

  it('the same seed gives bit-identical weights and outputs', () => {
    const c = cfg({ window: 8, hidden: 30, stimulus: { type: 'speechLike', seed: 2 } });
    const go = () => {
      const rt = createRuntime(tdnn, c, 77);
      (rt.state as TdnnState).net.v.fill(0.1);
      return runSimulation(tdnn, c, rt, { steps: 60, record: ['hidden', 'output'] }).recording;
    };
    const a = go();
    const b = go();
    expect(Array.from(a.fields.hidden!.data)).toEqual(Array.from(b.fields.hidden!.data));
    expect(Array.from(a.fields.output!.data)).toEqual(Array.from(b.fields.output!.data));
  });
});

describe('tdnn presets', () => {
  it('every preset parses and runs its suggested run', () => {
    for (const preset of tdnn.presets) {
      const c = tdnn.configSchema.parse(preset.config);
      const rt = createRuntime(tdnn, c, 1);
      const run = preset.run as { steps: number; record?: string[] };
      const out = runSimulation(tdnn, c, rt, { steps: Math.min(run.steps, 200), record: run.record });
      expect(out.stepsDone).toBe(Math.min(run.steps, 200));
      for (const f of Object.values(out.recording.fields)) expect(f.data.every(Number.isFinite)).toBe(true);
    }
  });
});
