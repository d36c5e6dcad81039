import { describe, expect, it } from 'vitest';
import { wta, type WtaState } from '../../src/models/wta/wta.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import type { WtaConfig } from '../../src/models/wta/config.js';
import { chiSquareTest, upperGammaQ } from '../../src/models/wta/chi-square.js';
import { softmax } from '../../src/models/wta/competition.js';

const cfg = (over: Partial<WtaConfig>): WtaConfig => wta.configSchema.parse(over);

function settle(c: WtaConfig, ms: number, seed = 1) {
  const rt = createRuntime(wta, c, seed);
  const out = runSimulation(wta, c, rt, { steps: Math.round(ms / c.dt), recordEvery: 10 });
  const s = rt.state as WtaState;
  return { rt, out, v: s.x.slice(0, c.size), drive: s.drive.slice() };
}

/**
 * Theory for β < 1: the fixed point with active set A has v_i = (I_i − β·S)/(1 − β) on A, S = Σ_A I/(1 − β + β|A|),
 * and A = the units with I_i > β·S (found by growing A down the sorted drives).
 */
function theoryFixedPoint(drive: number[], beta: number): number[] {
  const order = drive.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]);
  let sum = 0;
  let S = 0;
  let m = 0;
  for (let n = 1; n <= drive.length; n++) {
    const trial = (sum + order[n - 1]![0]) / (1 - beta + beta * n);
    if (order[n - 1]![0] <= beta * trial) break;
    sum += order[n - 1]![0];
    S = trial;
    m = n;
  }
  const v = new Array<number>(drive.length).fill(0);
  for (let n = 0; n < m; n++) v[order[n]![1]] = (order[n]![0] - beta * S) / (1 - beta);
  return v;
}

describe('wta, lateral inhibition τ dv_i/dt = −v_i + [I_i − β Σ_{j≠i} v_j]₊ (Dayan & Abbott 2001)', () => {
  it('β > 1: only the largest input\'s unit stays active and settles at I_max (random drives, several seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = cfg({ variant: 'lateral', size: 10, beta: 1.5, drive: { type: 'random', low: 0.2, high: 1 } });
      const { v, drive, out } = settle(c, 300, seed);
      const iMax = Math.max(...drive);
      const winner = drive.indexOf(iMax);
      expect(v[winner]!).toBeCloseTo(iMax, 8);
      for (let i = 0; i < 10; i++) if (i !== winner) expect(v[i]!).toBeLessThan(1e-9); // silenced units decay as e^{−t/τ}
      expect(out.metrics.winner).toBe(winner);
      expect(out.metrics.winnerIsLargestInput).toBe(true);
      expect(out.metrics.activeUnits).toBe(1);
      expect(out.metrics.margin as number).toBeCloseTo(iMax, 8);
      expect(out.metrics.settlingTime as number).toBeGreaterThan(0);
      expect(out.metrics.settlingTime as number).toBeLessThan(300);
    }
  });

  it('β < 1: several units stay active, at the analytic fixed point', () => {
    for (const beta of [0.2, 0.5, 0.8]) {
      const c = cfg({ variant: 'lateral', size: 10, beta, dt: 0.1, drive: { type: 'random', low: 0, high: 1 } });
      const { v, drive, out } = settle(c, 600, 11);
      const expected = theoryFixedPoint(Array.from(drive), beta);
      for (let i = 0; i < 10; i++) expect(v[i]!).toBeCloseTo(expected[i]!, 6);
      expect(out.metrics.activeUnits as number).toBe(expected.filter((x) => x > 0).length);
      expect(out.metrics.activeUnits as number).toBeGreaterThan(1);
    }
  });

  it('hysteresis (β > 1 makes the winner a saddle-protected attractor): a new largest input wins only if it exceeds β·I_winner', () => {
    const c = cfg({ variant: 'lateral', size: 3, beta: 1.5, drive: { type: 'given', values: [1, 0.5, 0.2] } });
    const rt = createRuntime(wta, c, 1);
    runSimulation(wta, c, rt, { steps: 1500 });
    // Unit 1 now has the largest input, but 1.2 < β·1.0: unit 0 keeps winning (theory: I_1 − β·v_0 < 0).
    rt.live.drives = [1, 1.2, 0.2];
    let out = runSimulation(wta, c, rt, { steps: 1500 });
    expect(out.metrics.winner).toBe(0);
    expect(out.metrics.winnerIsLargestInput).toBe(false);
    // 1.6 > β·1.0: unit 1 breaks through and settles at its input.
    rt.live.drives = [1, 1.6, 0.2];
    out = runSimulation(wta, c, rt, { steps: 2500 });
    expect(out.metrics.winner).toBe(1);
    expect(out.metrics.winnerActivity as number).toBeCloseTo(1.6, 6);
  });

  it('the noisy bump of the lecture slide is reduced to one unit at the bump\'s largest drive', () => {
    const preset = wta.presets.find((p) => p.name === 'noisy-bump-dayan-abbott')!;
    const c = cfg(preset.config);
    const { out, drive } = settle(c, 600, 4);
    expect(out.metrics.activeUnits).toBe(1);
    expect(out.metrics.winnerIsLargestInput).toBe(true);
    expect(Math.abs((out.metrics.winner as number) - 25)).toBeLessThanOrEqual(5);
    expect(out.metrics.winnerActivity as number).toBeCloseTo(Math.max(...drive), 6);
  });
});

describe('wta, moving and live-moved bump drives', () => {
  it('the winner follows a drifting bump, lagging the peak by at most the hysteresis distance', () => {
    const preset = wta.presets.find((p) => p.name === 'moving-bump')!;
    const c = cfg(preset.config);
    const rt = createRuntime(wta, c, 1);
    const winners = new Set<number>();
    for (let block = 0; block < 10; block++) {
      const out = runSimulation(wta, c, rt, { steps: 2500, recordEvery: 50 });
      const s = rt.state as WtaState;
      const center = s.aux[0]!;
      let d = Math.abs((out.metrics.winner as number) - center) % 40;
      if (d > 20) d = 40 - d;
      // A rival one unit nearer the peak takes over when exp(−(d−1)²/2σ²) > β·exp(−d²/2σ²), i.e. at
      // d = (2σ²·ln β + 1)/2 ≈ 2.1 units for σ = 3, β = 1.2; allow one more unit for the drift during the switch.
      expect(d).toBeLessThan((2 * 9 * Math.log(1.2) + 1) / 2 + 1);
      winners.add(out.metrics.winner as number);
    }
    expect(winners.size).toBeGreaterThanOrEqual(8); // 4 units/s, 2 units per block: a new winner in (nearly) every block
  });
  it('a live bumpCenter moves the peak and the winner with it', () => {
    const c = cfg({ size: 20, beta: 1.2, dt: 0.2, drive: { type: 'bump', center: 3, width: 2, amplitude: 1, baseline: 0, jitter: 0, speed: 0 } });
    const rt = createRuntime(wta, c, 1);
    expect(runSimulation(wta, c, rt, { steps: 2000 }).metrics.winner).toBe(3);
    rt.live.bumpCenter = 13;
    expect(runSimulation(wta, c, rt, { steps: 2000 }).metrics.winner).toBe(13);
  });
});

describe('wta with an explicit inhibitory population', () => {
  it('β > 1: one winner at I_max; β < 1: the lateral fixed point (α = β, so fast inhibition is the lateral form)', () => {
    const strong = cfg({ variant: 'inhibitory', size: 10, beta: 2, dt: 0.1, tauInhibitory: 2, drive: { type: 'random', low: 0.2, high: 1 } });
    const a = settle(strong, 600, 6);
    const iMax = Math.max(...a.drive);
    expect(a.out.metrics.winnerIsLargestInput).toBe(true);
    expect(a.out.metrics.activeUnits).toBe(1);
    expect(a.out.metrics.winnerActivity as number).toBeCloseTo(iMax, 5);

    const weak = cfg({ variant: 'inhibitory', size: 10, beta: 0.5, dt: 0.1, tauInhibitory: 2, drive: { type: 'random', low: 0, high: 1 } });
    const b = settle(weak, 600, 6);
    const expected = theoryFixedPoint(Array.from(b.drive), 0.5);
    for (let i = 0; i < 10; i++) expect(b.v[i]!).toBeCloseTo(expected[i]!, 5);
    expect(b.out.metrics.activeUnits as number).toBeGreaterThan(1);
  });
});

describe('soft (stochastic) WTA: P(i wins) = exp(I_i/T)/Σ exp(I_j/T) (Kappel et al. 2014)', () => {
  const drives = [0.1, 0.3, 0.5, 0.6, 0.65];
  const soft = (temperature: number) => cfg({ variant: 'soft', size: 5, temperature, dt: 1, drive: { type: 'given', values: drives } });

  it('the χ² p-value function matches known quantiles', () => {
    expect(upperGammaQ(2, 9.487729 / 2)).toBeCloseTo(0.05, 5); // χ²(4) 95% quantile
    expect(upperGammaQ(0.5, 3.841459 / 2)).toBeCloseTo(0.05, 5); // χ²(1)
    expect(upperGammaQ(5, 23.209251 / 2)).toBeCloseTo(0.01, 5); // χ²(10) 99% quantile
  });

  it('winner frequencies over 20 000 steps fit the softmax (χ², fixed seed), and the test rejects a wrong temperature', () => {
    for (const T of [0.1, 0.3]) {
      const c = soft(T);
      const rt = createRuntime(wta, c, 2024);
      const out = runSimulation(wta, c, rt, { steps: 20_000, record: ['winner'] });
      const predicted = Array.from(softmax(drives, T, new Float64Array(5)));
      expect(out.metrics.predictedProbabilities).toEqual(predicted);
      expect(out.metrics.spikes).toBe(20_000);
      expect(out.metrics.pValue as number).toBeGreaterThan(0.001);
      // The same counts against the softmax at 1.25·T must fail: the test has power at this sample size.
      const wrong = chiSquareTest(out.metrics.winnerCounts as number[], softmax(drives, 1.25 * T, new Float64Array(5)));
      expect(wrong.pValue).toBeLessThan(1e-6);
    }
  });

  it('as T → 0 the soft WTA becomes the max; the filtered activity tends to P(i wins)', () => {
    const c = soft(0.005);
    const rt = createRuntime(wta, c, 1);
    const out = runSimulation(wta, c, rt, { steps: 2000, record: ['winner'] });
    // P(unit 4) = 1/(1 + e^{−10} + …) ≈ 0.99995: essentially every spike.
    expect((out.metrics.winnerCounts as number[])[4]!).toBeGreaterThan(1990);
    const p = softmax(drives, 0.3, new Float64Array(5));
    const c2 = soft(0.3);
    const rt2 = createRuntime(wta, c2, 3);
    // Average the filtered activity (τ = 10 ms) over 20 000 steps after a 100 ms transient.
    runSimulation(wta, c2, rt2, { steps: 100 });
    const act = runSimulation(wta, c2, rt2, { steps: 20_000, record: ['activity'] }).recording.fields.activity!.data;
    for (let i = 0; i < 5; i++) {
      let m = 0;
      for (let s = 0; s < 20_000; s++) m += act[s * 5 + i]!;
      expect(m / 20_000).toBeCloseTo(p[i]!, 1);
    }
  });
});

describe('soft WTA: the probabilities follow every change of T and I', () => {
  it('after each step they are softmax(I/T) of that step, through live temperature changes and a noisy input', () => {
    // The step reuses the previous softmax while T and every I_i are unchanged: check it is never stale.
    const c = cfg({ variant: 'soft', size: 6, temperature: 0.2, drive: { type: 'given', values: [0.1, 0.5, 0.3, 0.9, 0.2, 0.4] } });
    const rt = createRuntime(wta, c, 4);
    const s = rt.state as WtaState;
    let checked = 0;
    let lastT = rt.live.temperature as number;
    const check = () => {
      const expected = softmax(s.drive, lastT, new Float64Array(6));
      for (let i = 0; i < 6; i++) expect(Object.is(s.probabilities[i], expected[i])).toBe(true);
      checked++;
    };
    const temps: Record<number, number> = { 10: 0.5, 20: 0.5, 25: 0.05, 40: 1.3 };
    const hooks = {
      beforeStep: (i: number) => {
        if (i > 0) check();
        if (temps[i] !== undefined) rt.live.temperature = temps[i];
        lastT = rt.live.temperature as number;
        return true;
      },
    };
    runSimulation(wta, c, rt, { steps: 50 }, hooks); // fixed drive: the cached path, T changing under it
    runSimulation(wta, c, rt, { steps: 30, inputs: [{ type: 'noise', channel: 'all', mean: 0, sd: 0.3 }] }, hooks); // I changes every step
    check();
    expect(checked).toBeGreaterThan(75);
  });
});

describe('wta, reproducibility and validation', () => {
  it('the same seed gives bit-identical runs; another seed differs', () => {
    const c = cfg({ variant: 'soft', size: 8, temperature: 0.2, drive: { type: 'random', low: 0, high: 1 } });
    const rec = (seed: number) => runSimulation(wta, c, createRuntime(wta, c, seed), { steps: 500, record: ['winner', 'activity'] }).recording.fields;
    const a = rec(5);
    const b = rec(5);
    const d = rec(6);
    expect(Buffer.from(a.activity!.data.buffer).equals(Buffer.from(b.activity!.data.buffer))).toBe(true);
    expect(Buffer.from(a.winner!.data.buffer).equals(Buffer.from(d.winner!.data.buffer))).toBe(false);
  });
  it('names the field of a bad drive vector or an unstable dt', () => {
    const r = wta.configSchema.safeParse({ size: 4, drive: { type: 'given', values: [1, 2] } });
    expect(r.error!.issues[0]!.path).toEqual(['drive', 'values']);
    const u = wta.configSchema.safeParse({ size: 100, beta: 2, dt: 1 });
    expect(u.error!.issues[0]!.path).toEqual(['dt']);
  });
  it('every preset parses and runs its suggested run', () => {
    for (const p of wta.presets) {
      const c = cfg(p.config);
      const rt = createRuntime(wta, c, 1);
      const out = runSimulation(wta, c, rt, { steps: Math.min(2000, (p.run!.steps as number) ?? 100) });
      expect(out.metrics.winner).toBeTypeOf('number');
    }
  });
});
