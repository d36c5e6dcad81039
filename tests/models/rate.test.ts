import { describe, expect, it } from 'vitest';
import { rate } from '../../src/models/rate/rate.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import type { RateConfig } from '../../src/models/rate/config.js';

const cfg = (over: Partial<RateConfig>): RateConfig => rate.configSchema.parse(over);

function single(r: number, steps = 60) {
  const c = cfg({ size: 1, inputs: 1, time: 'discrete', r, nonlinearity: 'linear', recurrent: { type: 'none' }, inputWeights: { type: 'identity' }, initialState: { type: 'zeros' } });
  const rt = createRuntime(rate, c, 1);
  const out = runSimulation(rate, c, rt, { steps, inputs: [{ type: 'pulse', channel: 0, onset: 0, duration: 1, amplitude: 1 }], record: ['activity'] });
  return out.recording.fields.activity!.data;
}

describe('rate, discrete form v[t+1] = r·v[t] + f(W·u[t] + M·v[t])', () => {
  it('r = 1 holds a pulse forever', () => {
    const v = single(1, 500);
    for (let t = 0; t < v.length; t++) expect(v[t]).toBe(1);
  });
  it('r < 1 decays as r^t and r > 1 grows as r^t', () => {
    for (const r of [0.5, 0.9, 1.05]) {
      const v = single(r, 60);
      for (let t = 0; t < v.length; t++) expect(v[t]!).toBeCloseTo(Math.pow(r, t), 10);
    }
  });
});

describe('rate, continuous form τ dv/dt = −v + f(W·u + M·v)', () => {
  function decayError(integrator: 'euler' | 'rk4', dt: number): number {
    const tau = 10;
    const c = cfg({ size: 1, inputs: 0, time: 'continuous', tau, dt, integrator, nonlinearity: 'linear', recurrent: { type: 'none' }, initialState: { type: 'explicit', values: [1] } });
    const rt = createRuntime(rate, c, 3);
    const steps = Math.round(20 / dt);
    const out = runSimulation(rate, c, rt, { steps, record: ['activity'] });
    const v = out.recording.fields.activity!.data;
    let err = 0;
    for (let i = 0; i < v.length; i++) err = Math.max(err, Math.abs(v[i]! - Math.exp(-out.recording.t[i]! / tau)));
    return err;
  }
  it('a linear unit decays as exp(−t/τ); Euler error is first order, RK4 fourth order', () => {
    const e1 = decayError('euler', 0.5);
    const e2 = decayError('euler', 0.25);
    expect(e1).toBeLessThan(0.02);
    expect(e1 / e2).toBeGreaterThan(1.8);
    expect(e1 / e2).toBeLessThan(2.2);
    const r1 = decayError('rk4', 1);
    const r2 = decayError('rk4', 0.5);
    expect(r1).toBeLessThan(1e-5);
    expect(r1 / r2).toBeGreaterThan(14);
    expect(r1 / r2).toBeLessThan(18);
  });
});

describe('random networks (Sompolinsky, Crisanti & Sommers 1988)', () => {
  /**
   * Largest Lyapunov exponent (per τ) by Benettin's method: a copy 1e-8 away, renormalised every 5 τ.
   */
  function lyapunov(gain: number, size: number, seed: number) {
    const c = cfg({ size, inputs: 0, time: 'continuous', tau: 10, dt: 1, recurrent: { type: 'random', gain, density: 1, zeroDiagonal: true, symmetric: false } });
    const a = createRuntime(rate, c, seed);
    const b = createRuntime(rate, c, seed);
    const va = (a.state as { v: Float64Array }).v;
    const vb = (b.state as { v: Float64Array }).v;
    runSimulation(rate, c, a, { steps: 500 }); // leave the initial transient
    vb.set(va);
    vb[0]! += 1e-8;
    const d0 = 1e-8;
    let sumLog = 0;
    const blocks = 40;
    let norm = 0;
    for (let k = 0; k < blocks; k++) {
      norm = runSimulation(rate, c, a, { steps: 50, record: ['norm'] }).recording.fields.norm!.data.at(-1)!;
      runSimulation(rate, c, b, { steps: 50 });
      let d = 0;
      for (let i = 0; i < size; i++) d += (va[i]! - vb[i]!) ** 2;
      d = Math.sqrt(d);
      sumLog += Math.log(d / d0);
      for (let i = 0; i < size; i++) vb[i] = va[i]! + ((vb[i]! - va[i]!) * d0) / d;
    }
    return { lambdaPerTau: sumLog / (blocks * 5), norm };
  }
  it('g = 1.5, N = 1000 stays active with a positive largest Lyapunov exponent (chaos)', () => {
    const { lambdaPerTau, norm } = lyapunov(1.5, 1000, 11);
    expect(norm).toBeGreaterThan(1);
    expect(lambdaPerTau).toBeGreaterThan(0.01);
  });
  it('g = 0.9 decays to rest with a negative exponent, near −(1 − g)/τ', () => {
    const { lambdaPerTau, norm } = lyapunov(0.9, 400, 11);
    expect(norm).toBeLessThan(1e-3);
    expect(lambdaPerTau).toBeLessThan(-0.05);
    expect(lambdaPerTau).toBeGreaterThan(-0.2);
  });
});
