import { describe, expect, it } from 'vitest';
import { plainAlloc } from '../../src/engine/alloc.js';
import { spectralRadius } from '../../src/engine/linalg/spectral.js';
import { csrToDense } from '../../src/engine/linalg/sparse.js';
import { Rng } from '../../src/engine/random/rng.js';
import { createRuntime, runSimulation } from '../../src/engine/simulator.js';
import type { EsnConfig } from '../../src/models/esn/config.js';
import { esn } from '../../src/models/esn/esn.js';
import { mackeyGlass } from '../../src/models/esn/mackey-glass.js';
import type { EsnState } from '../../src/models/esn/reservoir.js';
import { esnPresets } from '../../src/models/esn/presets.js';
import { runToEnd } from '../../src/engine/training.js';

const cfg = (over: Partial<EsnConfig> = {}): EsnConfig => esn.configSchema.parse(over);
const preset = (name: string) => esnPresets.find((p) => p.name === name)!.config;

function session(over: Partial<EsnConfig>, seed = 1) {
  const c = cfg(over);
  const rt = createRuntime(esn, c, seed, plainAlloc);
  const ctx = { rng: Rng.fromSeed(seed + 1000), alloc: plainAlloc, progress() {}, cancelled: () => false };
  const train = (req: unknown) => {
    const r = runToEnd(esn.train!.run(rt.state as EsnState, c, req, ctx, rt.live as never));
    if (r.state) rt.state = r.state;
    return r;
  };
  return { c, rt, train };
}

describe('esn reservoir construction', () => {
  it('W is rescaled to the configured spectral radius (checked by an independent dense eigen-solve)', () => {
    for (const rho of [0.5, 0.95, 1.25]) {
      const { rt, c } = session({ size: 150, density: 0.1, spectralRadius: rho });
      const w = csrToDense(rt.state.w as never);
      expect(spectralRadius(w, c.size, { method: 'dense' })).toBeCloseTo(rho, 10);
    }
  });

  // Just above DENSE_LIMIT (400), where the build takes the Krylov–Schur path; the independent dense check is the
  // expensive part (~10·N³ flops), so one test per target and N = 450.
  it('above 400 units W is built sparse and rescaled from the Krylov–Schur spectrum: ρ(W) checked by an independent dense solve', () => {
    const { rt, c } = session({ size: 450, density: 0.05, spectralRadius: 0.95 }, 3);
    expect(spectralRadius(csrToDense(rt.state.w as never), c.size, { method: 'dense' })).toBeCloseTo(0.95, 9);
  });

  it('above 400 units, the effective radius ρ((1 − C·a)I + C·W) from the Krylov–Schur spectrum: checked by an independent dense solve', () => {
    const { rt, c } = session({ size: 450, density: 0.05, spectralRadius: 0.95, spectralRadiusOf: 'effective', timeConstant: 0.44, decay: 0.9 }, 3);
    const w = csrToDense(rt.state.w as never);
    for (let i = 0; i < c.size; i++) for (let j = 0; j < c.size; j++) w[i * c.size + j] = (i === j ? 0.604 : 0) + 0.44 * w[i * c.size + j]!;
    expect(spectralRadius(w, c.size, { method: 'dense' })).toBeCloseTo(0.95, 9);
  });

  it('the effective radius of a leaky reservoir is ρ((1 − a)I + aW)', () => {
    const { rt, c } = session({ size: 120, density: 0.1, spectralRadius: 0.95, spectralRadiusOf: 'effective', leakRate: 0.4 });
    const w = csrToDense(rt.state.w as never);
    for (let i = 0; i < c.size; i++) for (let j = 0; j < c.size; j++) w[i * c.size + j] = (i === j ? 0.6 : 0) + 0.4 * w[i * c.size + j]!;
    expect(spectralRadius(w, c.size, { method: 'dense' })).toBeCloseTo(0.95, 8);
  });

  it("Jaeger 2001's leaky unit: the effective radius is ρ((1 − C·a)I + C·W) with C = 0.44, a = 0.9 (retention 0.604)", () => {
    const { rt, c } = session({ size: 120, density: 0.1, spectralRadius: 0.95, spectralRadiusOf: 'effective', timeConstant: 0.44, decay: 0.9 });
    const w = csrToDense(rt.state.w as never);
    for (let i = 0; i < c.size; i++) for (let j = 0; j < c.size; j++) w[i * c.size + j] = (i === j ? 1 - 0.44 * 0.9 : 0) + 0.44 * w[i * c.size + j]!;
    expect(spectralRadius(w, c.size, { method: 'dense' })).toBeCloseTo(0.95, 8);
    expect(rt.state.effectiveSpectralRadius).toBeCloseTo(0.95, 10);
    // The resolved config says where the noise goes: after f for Jaeger's form, inside f for the leak-rate form.
    expect(c.noisePlacement).toBe('after');
    expect(cfg({ leakRate: 0.3 }).noisePlacement).toBe('inside');
  });

  it('the state update is x ← (1 − C·a)x + C·(f(·) + ν): a saturated unit keeps noise placed after f, loses it inside f', () => {
    // W = 0 (radius 0), a bias of 20 through ±1 input weights: every pre-activation is ±20, tanh' ≈ 1.7e-17, so noise
    // inside f vanishes, while noise after f gives the AR(1) x(n+1) = r·x(n) + C·(±1 + ν(n)) with stationary variance
    // C²·(σ²/3)/(1 − r²), r = 1 − C·a.
    const [C, a, sigma] = [0.44, 0.9, 0.01];
    const r = 1 - C * a;
    const theory = (C * C * (sigma * sigma)) / 3 / (1 - r * r);
    for (const noisePlacement of ['after', 'inside'] as const) {
      const { rt, c } = session({ size: 200, spectralRadius: 0, inputs: 0, bias: 20, inputScaling: 1, inputDistribution: 'ternary', inputDensity: 1, timeConstant: C, decay: a, noisePlacement, stateNoise: sigma });
      runSimulation(esn, c, rt, { steps: 100, record: ['state'] }); // transient r^100 ≈ 0
      const out = runSimulation(esn, c, rt, { steps: 2000, record: ['state'] });
      const x = out.recording.fields.state!.data;
      let variance = 0;
      for (let i = 0; i < c.size; i++) {
        let m = 0;
        for (let k = 0; k < 2000; k++) m += x[k * c.size + i]! / 2000;
        for (let k = 0; k < 2000; k++) variance += (x[k * c.size + i]! - m) ** 2 / (2000 * c.size);
      }
      if (noisePlacement === 'after') expect(Math.abs(variance / theory - 1)).toBeLessThan(0.05);
      else expect(variance).toBeLessThan(1e-12 * theory);
    }
  });

  it("refuses a leak rate together with Jaeger's time constant, and C·a > 1, naming the field", () => {
    const both = esn.configSchema.safeParse({ leakRate: 0.3, timeConstant: 0.44 });
    expect(both.success).toBe(false);
    expect(both.error!.issues[0]!.path).toEqual(['leakRate']);
    const over = esn.configSchema.safeParse({ timeConstant: 0.8, decay: 1.5 });
    expect(over.success).toBe(false);
    expect(over.error!.issues[0]!.path).toEqual(['decay']);
  });

  it('rejects configurations that cannot be driven, naming the field', () => {
    const r = esn.configSchema.safeParse({ inputs: 0, bias: 0, feedbackScaling: 0 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['inputs']);
    expect(esn.configSchema.safeParse({ size: 5000 }).success).toBe(false);
  });

  it('is bit-identical for the same seed (weights, training and a free run)', () => {
    const go = () => {
      const s = session({ size: 60, inputs: 1, feedbackScaling: 0, readout: { lambda: 1e-8, solver: 'cholesky', trainingNoise: 1e-4 } }, 7);
      const t = s.train({ task: 'mackey-glass', steps: 600, washout: 100, trials: 2, testWashout: 50, continuation: 100 });
      const out = runSimulation(esn, s.c, s.rt, { steps: 50, record: ['output', 'state'] });
      return { t: t.metrics, out: Array.from(out.recording.fields.state!.data) };
    };
    const a = go();
    const b = go();
    expect(a.t).toEqual(b.t);
    expect(a.out).toEqual(b.out);
  });
});

describe('Mackey-Glass series (Euler 0.1, subsample 10)', () => {
  it('a short delay converges to the fixed point y* = (a/b − 1)^(1/n) = 1; τ = 17 stays chaotic on the known range', () => {
    const calm = mackeyGlass({ tau: 2, samples: 200 }, Rng.fromSeed(1));
    expect(calm[199]!).toBeCloseTo(1, 6);
    const chaos = mackeyGlass({ tau: 17, samples: 2000 }, Rng.fromSeed(1));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of chaos) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // the τ = 17 attractor spans about 0.4…1.35 (Mackey & Glass 1977, Fig. 2)
    expect(lo).toBeGreaterThan(0.3);
    expect(lo).toBeLessThan(0.55);
    expect(hi).toBeGreaterThan(1.2);
    expect(hi).toBeLessThan(1.45);
  });
});

describe('echo state property (Jaeger 2001 Def. 1)', () => {
  it('holds for ρ < 1: two initial states converge under the same input', () => {
    const { train } = session({ size: 100, density: 0.1, spectralRadius: 0.8, inputs: 1, inputScaling: 1 });
    const r = train({ task: 'echo-state', steps: 500 });
    expect(r.metrics.echoStateProperty).toBe(true);
    // contraction at least as fast as ρ^n up to a constant: 0.8^500 ≈ 1e-49
    expect(r.metrics.distanceRatio as number).toBeLessThan(1e-12);
  });

  it('is reported lost for a large radius (ρ = 3: self-sustained chaos that ignores the initial state no more)', () => {
    const { train } = session({ size: 100, density: 0.1, spectralRadius: 3, inputs: 1, inputScaling: 0.1 });
    const r = train({ task: 'echo-state', steps: 500 });
    expect(r.metrics.echoStateProperty).toBe(false);
    expect(r.metrics.distanceRatio as number).toBeGreaterThan(0.1);
  });
});

describe('memory capacity (Jaeger 2001b)', () => {
  it('a linear reservoir of N units approaches the bound MC = N', () => {
    const { train, c } = session(preset('linear-memory'));
    const r = train({ task: 'memory', maxDelay: 60, steps: 6000, testSteps: 3000, washout: 200 });
    const mc = r.metrics.memoryCapacity as number;
    // theory: MC ≤ N, with equality for a linear network with generic weights (Jaeger 2001b, Prop. 2)
    expect(mc).toBeLessThanOrEqual(c.size + 0.5);
    expect(mc).toBeGreaterThan(0.9 * c.size);
    // the memory function m(k) = r²(u(n−k), y_k(n)) is ≈ 1 for short delays
    expect(r.curves!.memoryFunction![0]!).toBeGreaterThan(0.99);
  });

  it('a tanh reservoir remembers less than a linear one of the same size', () => {
    const linear = session(preset('linear-memory')).train({ task: 'memory', maxDelay: 60, steps: 4000, testSteps: 2000 });
    const tanh = session({ ...preset('linear-memory'), activation: 'tanh', inputScaling: 1 }).train({ task: 'memory', maxDelay: 60, steps: 4000, testSteps: 2000 });
    expect(tanh.metrics.memoryCapacity as number).toBeLessThan(linear.metrics.memoryCapacity as number);
  });
});

describe('Mackey-Glass prediction (Jaeger 2001 §6)', () => {
  it('the Jaeger 2001 setup runs free 84 steps with NRMSE84 below 1e-3 (paper: 2.8e-4)', () => {
    const { train } = session(preset('jaeger2001-mackey-glass'), 1);
    const r = train({ task: 'mackey-glass', tau: 17, steps: 3000, washout: 1000, trials: 10, testWashout: 300, seed: 11 });
    expect(r.metrics.nrmse84 as number).toBeLessThan(1e-3);
    expect(r.metrics.trainNrmse as number).toBeLessThan(1e-4);
  });

  it('after training, a run continues free and its metrics compare it with the true continuation', () => {
    const s = session(preset('jaeger2001-mackey-glass'), 2);
    s.train({ task: 'mackey-glass', steps: 3000, washout: 1000, trials: 0, testWashout: 300, seed: 12 });
    const out = runSimulation(esn, s.c, s.rt, { steps: 200 });
    expect(out.metrics.nrmse84 as number).toBeLessThan(1e-2);
    expect(out.metrics.r2 as number).toBeGreaterThan(0.99);
  });
});

describe('ReservoirPy tutorial forecaster', () => {
  it('forecasts Mackey-Glass 10 steps ahead with R² near the tutorial\'s 0.99918 (> 0.99)', () => {
    const { train } = session(preset('reservoirpy-forecaster'), 1);
    const r = train({ task: 'mackey-glass', forecast: 10, scaling: 'minmax', steps: 2000, washout: 100, testSteps: 500, seed: 201 });
    expect(r.metrics.testR2 as number).toBeGreaterThan(0.99);
  });
});

describe('other tasks', () => {
  it('NARMA-10: a 200-unit reservoir beats the mean predictor by far (NRMSE < 0.5)', () => {
    const { train } = session({ size: 200, density: 0.1, spectralRadius: 0.9, inputs: 1, inputScaling: 0.5, bias: 0 }, 3);
    const r = train({ task: 'narma10', steps: 3000, testSteps: 1000, washout: 100 });
    expect(r.metrics.testNrmse as number).toBeLessThan(0.5);
  });

  it('generates a sine from feedback alone (free-running test error small)', () => {
    const { train } = session({ size: 100, density: 0.1, spectralRadius: 0.8, inputs: 0, bias: 0.2, feedbackScaling: 1, readout: { lambda: 1e-8, solver: 'qr', trainingNoise: 1e-6 } }, 4);
    const r = train({ task: 'sine', periods: [25], amplitudes: [0.5], steps: 1500, washout: 200, testSteps: 300 });
    expect(r.metrics.testNrmse as number).toBeLessThan(0.05);
  });

  it('tells a sound from its time-reversed twin (same content, different order) well above chance', () => {
    const { train } = session({ size: 200, density: 0.1, spectralRadius: 0.9, leakRate: 0.3, inputs: 16, inputScaling: 0.5, bias: 0, readout: { lambda: 1e-4, solver: 'cholesky', trainingNoise: 0 } }, 5);
    const r = train({
      task: 'reverse',
      grid: { channels: 16, binMs: 5, lowHz: 250, highHz: 8000 },
      stimulus: { words: 4, trainTrials: 120, testTrials: 80, noise: 0.05 },
      seed: 3,
    });
    expect(r.metrics.accuracy as number).toBeGreaterThan(0.8);
  });

  it('learns a user series (driven: y(n) = u(n − 2)) and generates a user series free-running', () => {
    const rng = Rng.fromSeed(9);
    const u = Array.from({ length: 1200 }, () => rng.range(-0.5, 0.5));
    const driven = session({ size: 50, spectralRadius: 0.7, inputs: 1 }, 6).train({
      task: 'series',
      inputs: u.map((v) => [v]),
      targets: u.map((_, n) => [n >= 2 ? u[n - 2]! : 0]),
      washout: 50,
    });
    expect(driven.metrics.testR2 as number).toBeGreaterThan(0.95);
    const wave = Array.from({ length: 1500 }, (_, n) => [0.4 * Math.sin((2 * Math.PI * n) / 30)]);
    const gen = session({ size: 100, spectralRadius: 0.8, inputs: 1, feedbackScaling: 0, readout: { lambda: 1e-8, solver: 'qr', trainingNoise: 1e-6 } }, 7).train({
      task: 'series',
      targets: wave,
      washout: 100,
      testFraction: 0.1,
    });
    expect(gen.metrics.mode).toBe('generative');
    expect(gen.metrics.testNrmse as number).toBeLessThan(0.1);
  });
});
