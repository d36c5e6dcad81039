import { describe, expect, it } from 'vitest';
import { integrator, type IntegratorState } from '../../src/models/integrator/integrator.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import type { IntegratorConfig } from '../../src/models/integrator/config.js';

const cfg = (over: Partial<IntegratorConfig>): IntegratorConfig => integrator.configSchema.parse(over);

function run(c: IntegratorConfig, steps: number, seed = 1, recordEvery = 1) {
  const rt = createRuntime(integrator, c, seed);
  const out = runSimulation(integrator, c, rt, { steps, recordEvery, record: ['eyePosition', 'targetPosition', 'rates'] });
  return { rt, out, e: out.recording.fields.eyePosition!.data, t: out.recording.t };
}

describe('integrator, network form: τ dE/dt = −(1−λ)·E + τ·ė (Seung et al. 2000)', () => {
  it('a tuned network (λ = 1) integrates a velocity burst into the commanded eye position and holds it', () => {
    const c = cfg({ lambda: 1, saccades: [{ onset: 100, amplitude: 12, duration: 20 }] });
    const { e, out } = run(c, 3000);
    // Exact theory: E integrates ė (12° in 20 ms) and stays; Euler is exact for a scalar hold.
    expect(e[e.length - 1]!).toBeCloseTo(12, 6);
    expect(out.metrics.driftDirection).toBe('hold');
    expect(out.metrics.positionErrors).toHaveLength(1);
    expect(Math.abs((out.metrics.positionErrors as number[])[0]!)).toBeLessThan(1e-6);
  });

  it('λ mistuned by ±1% gives a fitted drift time constant τ/|1−λ| = 10 s within 5%, leak below 1 and runaway above', () => {
    for (const lambda of [0.99, 1.01]) {
      const c = cfg({ lambda, tau: 100, saccades: [{ onset: 100, amplitude: 20, duration: 20 }] });
      const { out } = run(c, 4000, 7, 5);
      const expected = 100 / Math.abs(1 - lambda);
      expect(out.metrics.driftDirection).toBe(lambda < 1 ? 'leak' : 'runaway');
      expect(Math.abs((out.metrics.driftTimeConstant as number) / expected - 1)).toBeLessThan(0.05);
    }
  });

  it('the fitted time constant follows τ/|1−λ| across mistunings (±0.5%…±5%)', () => {
    for (const lambda of [0.95, 0.98, 0.995, 1.005, 1.02]) {
      const c = cfg({ lambda, saccades: [{ onset: 50, amplitude: 15, duration: 20 }] });
      const { out } = run(c, 1500, 3, 5);
      const expected = 100 / Math.abs(1 - lambda);
      expect(Math.abs((out.metrics.driftTimeConstant as number) / expected - 1)).toBeLessThan(0.05);
    }
  });

  it('tuned, the position after a saccade holds across a blink; a leaky network loses it', () => {
    const protocol = { saccades: [{ onset: 100, amplitude: 15, duration: 20 }], blinks: [{ onset: 1000, duration: 100, removeInput: true, kick: 10 }] };
    const tuned = cfg({ lambda: 1, ...protocol });
    const { rt, e, t } = run(tuned, 2500, 5);
    const s = rt.state as IntegratorState;
    const before = e[t.indexOf(990)]!;
    const after = e[e.length - 1]!;
    // The kick δ ~ N(0, 10²) per unit moves E by ηᵀδ ~ N(0, 10²/‖ξ‖²) (η = ξ/‖ξ‖²); the rest decays with τ.
    const xiNorm = Math.sqrt(s.xi.reduce((a, x) => a + x * x, 0));
    expect(Math.abs(before - 15)).toBeLessThan(1e-6);
    expect(Math.abs(after - before)).toBeLessThan((4 * 10) / xiNorm);
    // 14 τ after the blink the rates are back on the line attractor v0 + ξE.
    for (let i = 0; i < tuned.size; i++) expect(Math.abs(s.v[i]! - (s.v0[i]! + s.xi[i]! * after))).toBeLessThan(1e-3);

    const leaky = cfg({ lambda: 0.9, ...protocol });
    const l = run(leaky, 2500, 5);
    expect(Math.abs(l.e[l.e.length - 1]! - 15)).toBeGreaterThan(10); // τ_net = 1 s: 15·(1 − e^{−2.4})
  });

  it('a velocity command during a blink is lost (input removed), and the metric reports the position error', () => {
    const c = cfg({ saccades: [{ onset: 1000, amplitude: 10, duration: 20 }], blinks: [{ onset: 990, duration: 50, removeInput: true, kick: 0 }] });
    const { out, e } = run(c, 1500);
    expect(Math.abs(e[e.length - 1]!)).toBeLessThan(1e-9);
    expect((out.metrics.positionErrors as number[])[0]!).toBeCloseTo(-10, 6);
  });

  it('λ can be changed live: held at λ = 1, then leaking at λ = 0.9', () => {
    const c = cfg({ initialPosition: 10 });
    const rt = createRuntime(integrator, c, 2);
    const held = runSimulation(integrator, c, rt, { steps: 500, record: ['eyePosition'] });
    expect(held.recording.fields.eyePosition!.data.at(-1)!).toBeCloseTo(10, 9);
    rt.live.lambda = 0.9;
    const leaking = runSimulation(integrator, c, rt, { steps: 1000, record: ['eyePosition'] });
    // τ_net = 1 s, Euler factor (1 − 0.1·dt/τ) per step.
    expect(leaking.recording.fields.eyePosition!.data.at(-1)!).toBeCloseTo(10 * Math.pow(1 - 0.001, 1000), 6);
  });

  it('a held live velocity command of 10 °/s for 1 s moves a tuned eye by 10°', () => {
    const c = cfg({});
    const rt = createRuntime(integrator, c, 2);
    rt.live.velocity = 10;
    runSimulation(integrator, c, rt, { steps: 1000 });
    rt.live.velocity = 0;
    const out = runSimulation(integrator, c, rt, { steps: 500, record: ['eyePosition', 'targetPosition'] });
    expect(out.recording.fields.eyePosition!.data.at(-1)!).toBeCloseTo(10, 6);
    expect(out.recording.fields.targetPosition!.data.at(-1)!).toBeCloseTo(10, 9);
  });

  it('noise makes a tuned integrator random-walk: Var(ΔE) per step = σ²·(dt/τ)/‖ξ‖² (the projection ηᵀ of the noise)', () => {
    const sigma = 5;
    const c = cfg({ lambda: 1, noise: sigma, initialPosition: 0 });
    const rt = createRuntime(integrator, c, 17);
    const out = runSimulation(integrator, c, rt, { steps: 20_000, record: ['eyePosition'] });
    const e = out.recording.fields.eyePosition!.data;
    const xi = (rt.state as IntegratorState).xi;
    const predicted = (sigma * sigma * (c.dt / c.tau)) / xi.reduce((a, x) => a + x * x, 0);
    let m = 0;
    for (let k = 1; k < e.length; k++) m += e[k]! - e[k - 1]!;
    m /= e.length - 1;
    let v = 0;
    for (let k = 1; k < e.length; k++) v += (e[k]! - e[k - 1]! - m) ** 2;
    v /= e.length - 2;
    // The sample variance of 20 000 Gaussian increments has relative sd √(2/20 000) = 1%: allow 5 sd.
    expect(Math.abs(v / predicted - 1)).toBeLessThan(0.05);
  });

  it('every preset parses and runs (a short run)', () => {
    for (const p of integrator.presets) {
      const c = cfg(p.config);
      const out = runSimulation(integrator, c, createRuntime(integrator, c, 1), { steps: 1000, recordEvery: 5 });
      expect(out.metrics.finalPosition).toBeTypeOf('number');
    }
  });

  it('recruitment within the range (Aksay et al. 2000): threshold-linear tuning; the readout obeys τ dÊ/dt = residual(Ê) exactly', () => {
    const c = cfg({ recruitment: 'withinRange', size: 50 });
    let silentSomewhere = 0;
    for (const e0 of [-25, -10, 0, 10, 25]) {
      const at = { ...c, initialPosition: e0 };
      const rt = createRuntime(integrator, at, 1);
      const s = rt.state as IntegratorState;
      // Theory: projecting τ dv/dt = −v + [v0 + λξÊ]₊ on η gives τ dÊ/dt = −Ê − c0 + ηᵀ[v0 + λξÊ]₊ ≡ residual(Ê),
      // whatever v is (with λ = 1 the residual of the fitted readout, ηᵀr(E) − c0 − E). An Euler step is exact for it.
      const residual = (e: number): number => {
        let r = -e - s.aux[0]!;
        for (let i = 0; i < 50; i++) r += s.eta[i]! * Math.max(0, s.v0[i]! + s.xi[i]! * e);
        return r;
      };
      for (let i = 0; i < 50; i++) if (s.v0[i]! + s.xi[i]! * e0 <= 0) silentSomewhere++;
      const e = runSimulation(integrator, at, rt, { steps: 1000, record: ['eyePosition'] }).recording.fields.eyePosition!.data;
      for (let k = 0; k + 1 < e.length; k++) expect(e[k + 1]! - e[k]!).toBeCloseTo((c.dt / c.tau) * residual(e[k]!), 12);
      const drift = (Math.abs(e[999]! - e[0]!) / 999) * 1000;
      expect(drift).toBeLessThan(0.5); // a well-tuned line: well under goldfish drift (1 °/s)
    }
    expect(silentSomewhere).toBeGreaterThan(20); // thresholds really lie inside the range
    // Mistuned by ±1%, the fitted line still gives τ/|1−λ| within 5%.
    for (const lambda of [0.99, 1.01]) {
      const m = cfg({ recruitment: 'withinRange', lambda, initialPosition: 15 });
      const out = runSimulation(integrator, m, createRuntime(integrator, m, 1), { steps: 3000, recordEvery: 5 });
      expect(Math.abs((out.metrics.driftTimeConstant as number) / 10_000 - 1)).toBeLessThan(0.05);
    }
  });

  it('goldfish-like preset: drift below 1 °/s (Mensh et al. 2004) and sub-degree position errors', () => {
    const preset = integrator.presets.find((p) => p.name === 'goldfish-tuned')!;
    const c = cfg(preset.config);
    const rt = createRuntime(integrator, c, 42);
    const out = runSimulation(integrator, c, rt, { steps: 10_000, recordEvery: 5 });
    expect(out.metrics.driftRate as number).toBeLessThan(1);
    expect(out.metrics.driftRate as number).toBeGreaterThan(0);
    expect(out.metrics.meanAbsPositionError as number).toBeLessThan(0.5);
    // τ_net = τ/(1−λ) = 50 s; with noise the fit is looser than in the noiseless tests.
    expect(out.metrics.driftDirection).toBe('leak');
    expect(Math.abs((out.metrics.driftTimeConstant as number) / 50_000 - 1)).toBeLessThan(0.5);
  });
});

describe('integrator, discrete form v[t+1] = r·v[t] + f(W·u[t] + M·v[t]) — the three regimes of r (lecture)', () => {
  const single = (r: number) => cfg({ form: 'discrete', size: 1, r, saccades: [{ onset: 0, amplitude: 10, duration: 10 }] });
  it('r = 1: a perfect integrator remembers the saccade exactly', () => {
    const { e, out } = run(single(1), 1000);
    for (let k = 10; k < e.length; k++) expect(e[k]).toBeCloseTo(10, 12);
    expect(out.metrics.driftDirection).toBe('hold');
  });
  it('r < 1 decays to baseline as rᵗ; r > 1 runs away as rᵗ; fitted τ = −dt/ln r', () => {
    for (const r of [0.99, 0.995, 1.002]) {
      const { e, out } = run(single(r), 1000);
      // After the burst (steps 0..9), v[t] = v[10]·r^(t−10) exactly.
      for (const k of [100, 500, 999]) expect(e[k]! / e[9]!).toBeCloseTo(Math.pow(r, k - 9), 9);
      expect(out.metrics.driftDirection).toBe(r < 1 ? 'leak' : 'runaway');
      expect(Math.abs((out.metrics.driftTimeConstant as number) / (1 / Math.abs(Math.log(r))) - 1)).toBeLessThan(0.01);
    }
  });
  it('diag(M) = 0 in the coupled form', () => {
    const c = cfg({ form: 'discrete', size: 20, coupling: 0.5 });
    const s = createRuntime(integrator, c, 1).state as IntegratorState;
    for (let i = 0; i < 20; i++) expect(s.m[i * 20 + i]).toBe(0);
  });
});

describe('integrator, reproducibility and validation', () => {
  it('the same seed gives bit-identical runs (noise and blink kicks included); another seed differs', () => {
    const c = cfg({ noise: 3, saccades: [{ onset: 10, amplitude: 5, duration: 20 }], blinks: [{ onset: 200, duration: 50, removeInput: true, kick: 10 }] });
    const a = run(c, 400, 9).out.recording.fields.rates!.data;
    const b = run(c, 400, 9).out.recording.fields.rates!.data;
    const d = run(c, 400, 10).out.recording.fields.rates!.data;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(d.buffer))).toBe(false);
  });
  it('rejects a too-coarse dt with the field named', () => {
    const r = integrator.configSchema.safeParse({ dt: 80, tau: 100 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['dt']);
  });
});
