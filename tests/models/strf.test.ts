import { describe, expect, it } from 'vitest';
import { strf } from '../../src/models/strf/strf.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import { Rng } from '../../src/engine/random/rng.js';
import type { StrfConfig } from '../../src/models/strf/config.js';
import { channelOctave } from '../../src/stimuli/spectrogram.js';
import { runToEnd } from '../../src/engine/training.js';

const cfg = (over: Record<string, unknown>): StrfConfig => strf.configSchema.parse(over);
const trainCtx = (seed: number) => ({ rng: Rng.fromSeed(seed), alloc: undefined as never, progress() {}, cancelled: () => false });

describe('strf: linear–nonlinear units s_i(t) = Σ_c Σ_τ H_i(c, τ) S(t − τ, c)', () => {
  it("a unit's drive equals the STRF convolution computed independently, and r = r₀ + g·[s − θ]₊", () => {
    const channels = 6;
    const lags = 5;
    const bins = 40;
    const rng = Rng.fromSeed(123);
    // Random fields H[unit][c][τ] and a random spectrogram S[c][t], both given as arrays.
    const H = Array.from({ length: 3 }, () => Array.from({ length: channels }, () => Array.from({ length: lags }, () => rng.normal())));
    const S = Array.from({ length: channels }, () => Array.from({ length: bins }, () => rng.uniform()));
    const c = cfg({ channels, lags, fields: { type: 'explicit', strfs: H }, stimulus: { type: 'uploaded', data: S }, loop: false, spiking: false, nonlinearity: 'relu', threshold: 0.3, baselineHz: 2, gainHz: 10 });
    const rt = createRuntime(strf, c, 1);
    const rec = runSimulation(strf, c, rt, { steps: bins + 3, record: ['drive', 'rate', 'spectrogram'] }).recording;
    const drive = rec.fields.drive!.data;
    const rate = rec.fields.rate!.data;
    for (let t = 0; t < bins + 3; t++) {
      for (let i = 0; i < 3; i++) {
        let s = 0; // direct double sum over channels and lags, zero before the stimulus starts and after it ends
        for (let ch = 0; ch < channels; ch++) for (let tau = 0; tau < lags; tau++) if (t - tau >= 0 && t - tau < bins) s += H[i]![ch]![tau]! * S[ch]![t - tau]!;
        expect(drive[t * 3 + i]!).toBeCloseTo(s, 12);
        expect(rate[t * 3 + i]!).toBeCloseTo(2 + 10 * Math.max(0, s - 0.3), 10);
      }
    }
    // the frame shows the slice heard now
    expect(rec.fields.spectrogram!.data[7 * channels + 2]).toBe(S[2]![7]);
  });

  it('Gabor fields are localised: excitatory peak at the best frequency and latency, inhibitory subfields beside it', () => {
    const c = cfg({ channels: 32, lags: 20, units: 4, fields: { type: 'gabor', jitter: 0 } });
    const rt = createRuntime(strf, c, 5);
    const fields = (rt.state as { fields: Float64Array }).fields;
    const width = 20 * 32;
    const span = channelOctave(c, 31);
    for (let u = 0; u < 4; u++) {
      const f = fields.subarray(u * width, (u + 1) * width);
      let best = 0;
      for (let k = 1; k < width; k++) if (f[k]! > f[best]!) best = k;
      const lag = Math.floor(best / 32);
      const ch = best % 32;
      expect(Math.abs(lag * 5 - 25)).toBeLessThanOrEqual(5); // latency 25 ms, 5 ms bins
      expect(Math.abs(channelOctave(c, ch) - span * ((u + 0.5) / 4))).toBeLessThan(0.25); // best frequency
      expect(Math.min(...f)).toBeLessThan(-0.2 * f[best]!); // an inhibitory subfield
    }
  });

  it('Poisson spikes: the mean count per bin is r·Δt (within 4 standard errors)', () => {
    const c = cfg({ channels: 4, lags: 1, fields: { type: 'explicit', strfs: [[[1], [0], [0], [0]]] }, stimulus: { type: 'tone', frequencyHz: 250, onsetMs: 0, toneMs: 100_000, durationMs: 100_000 }, nonlinearity: 'linear', threshold: 0, gainHz: 40 });
    const rt = createRuntime(strf, c, 9);
    const rec = runSimulation(strf, c, rt, { steps: 20_000, record: ['rate', 'spikes'] }).recording;
    const r = rec.fields.rate!.data[100]!;
    const lambda = (r * 5) / 1000;
    const n = rec.fields.spikes!.data.length;
    const mean = rec.fields.spikes!.data.reduce((a, b) => a + b, 0) / n;
    expect(r).toBeGreaterThan(30);
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n));
  });

  it('the mapped STRF correlates > 0.9 with the true one from 200 s of dynamic-ripple spikes (ridge), better than the STA', () => {
    const c = cfg({ channels: 16, lags: 12, units: 6, binMs: 5 });
    const rt = createRuntime(strf, c, 1);
    const ridge = runToEnd(strf.train!.run(rt.state as never, c, { method: 'ridge', stimulus: { type: 'dynamicRipple', durationMs: 200_000 } }, trainCtx(2), rt.live as never));
    const corr = ridge.metrics.correlation as number[];
    expect(Math.min(...corr)).toBeGreaterThan(0.9);
    expect(ridge.curves!['true.0']!.length).toBe(16 * 12);
    // The STA of a correlated stimulus is the STRF blurred by the stimulus autocorrelation: ridge divides it out.
    const sta = runToEnd(strf.train!.run(rt.state as never, c, { method: 'sta', stimulus: { type: 'dynamicRipple', durationMs: 200_000 } }, trainCtx(2), rt.live as never));
    expect(sta.metrics.meanCorrelation as number).toBeLessThan(ridge.metrics.meanCorrelation as number);
    // Too little data maps worse (the estimate is noise-limited, not biased).
    const short = runToEnd(strf.train!.run(rt.state as never, c, { method: 'ridge', stimulus: { type: 'dynamicRipple', durationMs: 10_000 } }, trainCtx(2), rt.live as never));
    expect(short.metrics.meanCorrelation as number).toBeLessThan(ridge.metrics.meanCorrelation as number);
  });

  it('a linear STRF predicts all of a linear unit\'s rate on fresh ripples, only part of a rectifying unit\'s (Machens et al. 2004)', () => {
    const map = (threshold: number) => {
      const c = cfg({ channels: 16, lags: 12, units: 6, threshold });
      const rt = createRuntime(strf, c, 1);
      return runToEnd(strf.train!.run(rt.state as never, c, { response: 'rate', lambda: 0.01, stimulus: { type: 'dynamicRipple', durationMs: 50_000 } }, trainCtx(2), rt.live as never)).metrics;
    };
    // θ = −10: the drive never reaches the rectifier's corner, the unit is linear; R² of the linear prediction ≈ 1.
    expect(map(-10).meanHeldOutR2 as number).toBeGreaterThan(0.999);
    // θ = 2 (above the mean drive ≈ 1.6): rectified most of the time; the field's shape is still recovered, but the
    // linear prediction explains well under all of the rate's variance.
    const rect = map(2);
    expect(rect.minCorrelation as number).toBeGreaterThan(0.8);
    expect(rect.meanHeldOutR2 as number).toBeLessThan(0.8);
  });

  it('a speech-like sound and its reversed twin: the same total input, different population responses', () => {
    const base = { channels: 32, lags: 20, units: 16, loop: false, spiking: false };
    const run = (reversed: boolean) => {
      const c = cfg({ ...base, stimulus: { type: 'speechLike', seed: 1, reversed } });
      const rt = createRuntime(strf, c, 3);
      return runSimulation(strf, c, rt, { steps: 120, record: ['spectrogram', 'rate'] }).recording;
    };
    const f = run(false);
    const b = run(true);
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(b.fields.spectrogram!.data)).toBeCloseTo(sum(f.fields.spectrogram!.data), 8);
    let diff = 0;
    for (let k = 0; k < f.fields.rate!.data.length; k++) diff += Math.abs(f.fields.rate!.data[k]! - b.fields.rate!.data[k]!);
    expect(diff / sum(f.fields.rate!.data)).toBeGreaterThan(0.1);
  });

  it('the same seed gives bit-identical spikes and fields', () => {
    const c = cfg({});
    const go = () => {
      const rt = createRuntime(strf, c, 42);
      return runSimulation(strf, c, rt, { steps: 300, record: ['spikes', 'drive'] }).recording;
    };
    const a = go();
    const b = go();
    expect(Array.from(a.fields.spikes!.data)).toEqual(Array.from(b.fields.spikes!.data));
    expect(Array.from(a.fields.drive!.data)).toEqual(Array.from(b.fields.drive!.data));
  });

  it("'show' returns each unit's STRF as an image: channels rows × lags columns, as given", () => {
    const H = [[[1, 2, 3], [4, 5, 6]], [[-1, 0, 1], [7, 8, 9]]];
    const c = cfg({ channels: 2, lags: 3, fields: { type: 'explicit', strfs: H }, stimulus: { type: 'tone', durationMs: 100 } });
    const rt = createRuntime(strf, c, 1);
    const res = runToEnd(strf.train!.run(rt.state as never, c, { method: 'show' }, trainCtx(1), rt.live as never));
    expect(res.curves!['true.0']).toEqual(H[0]!.flat());
    expect(res.curves!['true.1']).toEqual(H[1]!.flat());
    expect(res.metrics.imageShape).toEqual([2, 3]);
  });

  it('a mapping stimulus too large for the grid is refused with the reason', () => {
    const c = cfg({ channels: 64 });
    const rt = createRuntime(strf, c, 1);
    expect(() => runToEnd(strf.train!.run(rt.state as never, c, { stimulus: { type: 'chords', durationMs: 600_000 } }, trainCtx(1), rt.live as never))).toThrow(/levels/);
  });

  it('rejects explicit fields of the wrong shape with a path', () => {
    const r = strf.configSchema.safeParse({ channels: 4, lags: 2, fields: { type: 'explicit', strfs: [[[1, 2], [1, 2], [1, 2]]] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['fields', 'strfs', 0]);
  });
});

describe('strf presets', () => {
  it('every preset parses and runs its suggested run', () => {
    for (const preset of strf.presets) {
      const c = strf.configSchema.parse(preset.config);
      const rt = createRuntime(strf, c, 1);
      const run = preset.run as { steps: number; record?: string[] };
      const out = runSimulation(strf, c, rt, { steps: Math.min(run.steps, 200), record: run.record });
      expect(out.stepsDone).toBe(Math.min(run.steps, 200));
      for (const f of Object.values(out.recording.fields)) expect(f.data.every(Number.isFinite)).toBe(true);
    }
  });
});
